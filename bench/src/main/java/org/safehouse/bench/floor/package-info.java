/**
 * The floor: what the kernel alone costs per delivery on this machine. A child process stands in for the server and
 * does nothing but write a ready-made Broadcast frame to each loopback connection (one {@code writev} per delivery);
 * the generator reads. Its CPU per delivery, measured from /proc like the server's, is what a server that makes one
 * system call per delivery cannot go below on this machine.
 */
package org.safehouse.bench.floor;

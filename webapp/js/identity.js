// This browser's identity: two key pairs made with WebCrypto on first use and kept in IndexedDB. ECDH P-256 for key
// agreement; Ed25519 for signatures where the browser has it, else ECDSA P-256 with SHA-256. The private keys are
// made non-extractable: script on the page can use them, nothing can read them out. Without WebCrypto (a page served
// over plain http from another machine is not a secure context) or IndexedDB there is no identity: load() gives null
// and the page falls back to unencrypted private messages where the room allows them.

import { labelled, toBase64, toHex } from './bytes.js';
import { read, STORES, writeNew } from './keystore.js';

export const ED25519 = 'Ed25519';
export const ECDSA_P256 = 'ECDSA-P256-SHA256';
const RECORD_KEY = 'self';

const subtle = () => globalThis.crypto?.subtle;

/** Fresh key pairs (private keys non-extractable), as the record load() keeps. */
export async function generateKeys() {
  const agreement = await subtle().generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  let signing;
  let algorithm;
  try {
    signing = await subtle().generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    algorithm = ED25519;
  } catch {
    signing = await subtle().generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    algorithm = ECDSA_P256;
  }
  return {
    agreementPrivate: agreement.privateKey,
    signingPrivate: signing.privateKey,
    algorithm,
    agreement: toBase64(await subtle().exportKey('spki', agreement.publicKey)),
    signing: toBase64(await subtle().exportKey('spki', signing.publicKey)),
    created: Date.now(),
  };
}

/** The WebCrypto parameters of a signature algorithm as named on the wire. */
export function signatureAlgorithm(algorithm) {
  return algorithm === ED25519 ? { name: 'Ed25519' } : { name: 'ECDSA', hash: 'SHA-256' };
}

export function signingImportAlgorithm(algorithm) {
  return algorithm === ED25519 ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: 'P-256' };
}

/**
 * The fingerprint of a set of public keys (hex SHA-256 over both keys and the algorithm): what is pinned, and what
 * safety numbers are made of.
 */
export async function fingerprintOf(keys) {
  const digest = await subtle().digest('SHA-256',
    labelled('safehouse-fingerprint-v1', keys.algorithm, keys.agreement, keys.signing));
  return toHex(digest);
}

export class Identity {
  constructor(record, fingerprint) {
    this.record = record;
    this.fingerprint = fingerprint;
  }

  /** Loads this browser's identity, making it on first use; null when this browser cannot have one. */
  static async load() {
    if (!subtle() || !globalThis.indexedDB || !globalThis.isSecureContext) return null;
    try {
      let record = await read(STORES.identity, RECORD_KEY);
      if (!record) {
        try {
          await writeNew(STORES.identity, RECORD_KEY, await generateKeys());
        } catch (error) {
          if (error?.name !== 'ConstraintError') throw error; // another tab made one first: use that
        }
        record = await read(STORES.identity, RECORD_KEY);
      }
      return new Identity(record, await fingerprintOf(record));
    } catch (error) {
      console.error('Safehouse: no end-to-end encryption keys in this browser', error);
      return null;
    }
  }

  /** The public keys as Join carries them. */
  get publicKeys() {
    const { agreement, signing, algorithm } = this.record;
    return { agreement, signing, algorithm };
  }

  get agreementPrivateKey() {
    return this.record.agreementPrivate;
  }

  async sign(bytes) {
    return toBase64(await subtle().sign(signatureAlgorithm(this.record.algorithm), this.record.signingPrivate, bytes));
  }
}

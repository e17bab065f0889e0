#!/usr/bin/env python3
"""Known-answer vectors for per-person fingerprints (webapp/js/fingerprint.js), computed independently with hashlib.
Run: python3 fingerprint.py > fingerprint.json (src/test/js/fingerprint.test.js pins that file)."""
import base64, hashlib, json
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

def fingerprint(spki):
    h = hashlib.sha512(b'\x00\x00' + spki + b'safehouse-fingerprint-v2').digest()
    for _ in range(5199):
        h = hashlib.sha512(h + spki).digest()
    return ''.join(f'{int.from_bytes(h[i:i + 5], "big") % 100000:05d}' for i in range(0, 30, 5))

def spki(private):
    return private.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)

keys = {
    'ann-ed25519': spki(ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b'kat ann signing').digest())),
    'bob-ed25519': spki(ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b'kat bob signing').digest())),
    'cy-ecdsa-p256': spki(ec.derive_private_key(int.from_bytes(hashlib.sha256(b'kat cy signing').digest(), 'big') >> 1,
                                                ec.SECP256R1())),
}
people = {name: {'spki': base64.b64encode(key).decode(), 'fingerprint': fingerprint(key)} for name, key in keys.items()}
ann, bob = people['ann-ed25519']['fingerprint'], people['bob-ed25519']['fingerprint']
print(json.dumps({'people': people, 'annAndBob': min(ann, bob) + max(ann, bob)}, indent=2))

#!/usr/bin/env python3
"""Computes the known-answer vectors of src/test/js/sealed-crypto.test.js independently of the page's code:
Argon2id, HKDF, SHA-256, AES-GCM and Ed25519 from Python's `cryptography` (OpenSSL), whose Argon2id is first checked
against RFC 9106's own test vector. Run it by hand (python3 src/test/js/sealed-vectors.py); the test holds its output.
"""
import base64, hashlib, json
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

rfc = Argon2id(salt=b'\x02' * 16, length=32, iterations=3, lanes=4, memory_cost=32, ad=b'\x04' * 12,
               secret=b'\x03' * 8).derive(b'\x01' * 32).hex()
assert rfc == '0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659', rfc  # RFC 9106, 5.3

def argon2(password, salt, m, t, p, secret=None):
    return Argon2id(salt=salt, length=32, iterations=t, lanes=p, memory_cost=m, secret=secret).derive(password)

def hkdf(master, info):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info.encode()).derive(master)

def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip('=')

def derive(password, salt):
    master = argon2(password.encode(), salt, 65536, 3, 1)
    room_key = hkdf(master, 'safehouse-room-key-v1')
    return {'password': password, 'salt': base64.b64encode(salt).decode(), 'master': master.hex(),
            'roomKey': room_key.hex(), 'verifier': b64url(hkdf(master, 'safehouse-join-verifier-v1')),
            'keyId': hashlib.sha256(b'safehouse-room-key-id-v1' + room_key).hexdigest()[:16]}

def labelled(*parts):
    return json.dumps(list(parts), ensure_ascii=False, separators=(',', ':')).encode()

vectors = {
    'argon2idSmall': {'password': 'password', 'salt': 'somesalt', 'secret': 'pepper!!', 'm': 64, 't': 2, 'p': 4,
                      'tag': argon2(b'password', b'somesalt', 64, 2, 4, b'pepper!!').hex()},
    'derive': [derive('correct horse battery staple', bytes(range(16))), derive('pässwörd 🔑 ok', b'\xff' * 16)],
}
d = vectors['derive'][0]
room_key = bytes.fromhex(d['roomKey'])
iv = bytes(range(100, 112))
aad = labelled('safehouse-room-v1', 'garden', 'ann', 'm-1', d['keyId'])
plaintext = json.dumps({'text': 'the key is under the mat ✓', 'sentAt': 1764936000000}, ensure_ascii=False,
                       separators=(',', ':')).encode()
ciphertext = AESGCM(room_key).encrypt(iv, plaintext, aad)
signer = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
iv64, ct64 = base64.b64encode(iv).decode(), base64.b64encode(ciphertext).decode()
signature = signer.sign(labelled('safehouse-room-sig-v1', iv64, ct64, aad.decode()))
vectors['sealed'] = {'room': 'Garden', 'sender': 'ann', 'clientMsgId': 'm-1', 'aad': aad.decode(),
                     'signing': base64.b64encode(signer.public_key().public_bytes(
                         serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode(),
                     'sealed': {'v': 1, 'keyId': d['keyId'], 'iv': iv64, 'ciphertext': ct64,
                                'signature': base64.b64encode(signature).decode()}}
print(json.dumps(vectors, ensure_ascii=False, indent=2))

#!/usr/bin/env python3
"""Known-answer vectors for the private-message envelope (webapp/js/e2e.js), computed independently of the page's
code with pyca/cryptography. Run: python3 pm_envelope.py > pm-envelope.json (the node test pins that file).
Fixed keys, a fixed IV and a fixed sentAt; Ed25519 signatures are deterministic, so every byte is fixed."""
import base64, hashlib, json
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

def b64(data): return base64.b64encode(data).decode()
def js(value): return json.dumps(value, separators=(',', ':'), ensure_ascii=False)
def labelled(*parts): return js(list(parts)).encode()

def p256(label):
    scalar = int.from_bytes(hashlib.sha256(label.encode()).digest(), 'big') % (2**256 - 2**224 - 1) or 1
    return ec.derive_private_key(scalar, ec.SECP256R1())

def ed(label): return ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())

def spki(public): return b64(public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))
def pkcs8(private): return b64(private.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))

people = {}
for name in ('ann', 'bob'):
    agreement, signing = p256(f'kat {name} agreement'), ed(f'kat {name} signing')
    people[name] = {'agreementPrivate': pkcs8(agreement), 'signingPrivate': pkcs8(signing), 'algorithm': 'Ed25519',
                    'agreement': spki(agreement.public_key()), 'signing': spki(signing.public_key()),
                    '_a': agreement, '_s': signing}

def seal(version, room, sender, recipient, text, client_msg_id, counter, iv, sent_at):
    secret = people[sender]['_a'].exchange(ec.ECDH(), people[recipient]['_a'].public_key())
    names = sorted([sender, recipient])
    key = HKDF(hashes.SHA256(), 32, salt=None, info=labelled('safehouse-pm-v1', room, *names)).derive(secret)
    aad = js([f'safehouse-pm-v{version}', room, sender, recipient, client_msg_id, counter])
    plain = js({'v': 2, 'text': text, 'sentAt': sent_at}).encode() if version == 2 else text.encode()
    ciphertext = b64(AESGCM(key).encrypt(iv, plain, aad.encode()))
    signature = people[sender]['_s'].sign(labelled(f'safehouse-pm-sig-v{version}', b64(iv), ciphertext, aad))
    return {'clientMsgId': client_msg_id, 'ciphertext': ciphertext, 'iv': b64(iv), 'counter': counter,
            'signature': b64(signature)}

iv = bytes(range(1, 13))
vectors = {
    'keys': {name: {k: v for k, v in keys.items() if not k.startswith('_')} for name, keys in people.items()},
    'v2': {'room': 'lobby', 'sender': 'ann', 'recipient': 'bob', 'text': 'meet at 6, door code 4711 ✓',
           'clientMsgId': 'kat-v2', 'counter': 1764950400000, 'sentAt': 1764950400123, 'iv': b64(iv)},
    'v1': {'room': 'lobby', 'sender': 'bob', 'recipient': 'ann', 'text': 'an old stored message',
           'clientMsgId': 'kat-v1', 'counter': 1700000000000, 'iv': b64(iv)},
}
v2, v1 = vectors['v2'], vectors['v1']
v2['frame'] = seal(2, v2['room'], v2['sender'], v2['recipient'], v2['text'], v2['clientMsgId'], v2['counter'], iv, v2['sentAt'])
v1['frame'] = seal(1, v1['room'], v1['sender'], v1['recipient'], v1['text'], v1['clientMsgId'], v1['counter'], iv, None)
print(json.dumps(vectors, indent=2, ensure_ascii=False))

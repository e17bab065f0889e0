#!/usr/bin/env python3
"""Known-answer vectors for a person's signed device list (webapp/js/devices.js, crypto/SignedDeviceList.java,
docs/PROTOCOL.md "One person, several devices"), computed independently of both with pyca/cryptography.
Run: python3 device_list.py > device-list.json (src/test/js/devices.test.js and DeviceListKnownAnswerTest pin it).

Fixed keys and times. Ed25519 signatures are deterministic, so ann's list signature and the laptop's endorsement
are fixed bytes the page must reproduce; ECDSA signatures are not (a random nonce), so cy's list signature and the
phone's endorsement are one valid signature each, raw r||s (IEEE P1363) as WebCrypto writes them."""
import base64, hashlib, json
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

DEVICE_LIST_CONTEXT = 'safehouse-devices-v1'
ENDORSEMENT_CONTEXT = 'safehouse-device-endorses-v1'

def b64(data): return base64.b64encode(data).decode()
def js(value): return json.dumps(value, separators=(',', ':'), ensure_ascii=False)  # as JSON.stringify writes it
def sha256(data): return hashlib.sha256(data).hexdigest()

def ed(label): return ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())
def p256(label):
    scalar = int.from_bytes(hashlib.sha256(label.encode()).digest(), 'big') % (2**256 - 2**224 - 1) or 1
    return ec.derive_private_key(scalar, ec.SECP256R1())

def spki_der(private):
    return private.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
def spki(private): return b64(spki_der(private))
def pkcs8(private):
    return b64(private.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()))

def algorithm_of(private): return 'Ed25519' if isinstance(private, ed25519.Ed25519PrivateKey) else 'ECDSA-P256-SHA256'

def sign(private, data):
    if isinstance(private, ed25519.Ed25519PrivateKey):
        return b64(private.sign(data))
    r, s = decode_dss_signature(private.sign(data, ec.ECDSA(hashes.SHA256())))
    return b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))

def signed_list_bytes(devices): return f'{DEVICE_LIST_CONTEXT}\n{devices}'.encode()
def endorsement_bytes(identity_signing): return f'{ENDORSEMENT_CONTEXT}\n{identity_signing}'.encode()

devices = {
    'laptop': {'signing': ed('kat laptop signing'), 'agreement': p256('kat laptop agreement')},
    'phone': {'signing': p256('kat phone signing'), 'agreement': p256('kat phone agreement')},
}
identities = {'ann': ed('kat ann identity'), 'cy': p256('kat cy identity')}

def entry(name, shown_name, added, identity):
    device = devices[name]
    fields = {'agreement': spki(device['agreement']), 'signing': spki(device['signing']),
              'algorithm': algorithm_of(device['signing']), 'name': shown_name, 'added': added}
    # devices.js withDevice writes these keys in this order, the endorsement last
    fields['endorsement'] = sign(device['signing'], endorsement_bytes(spki(identity)))
    return fields

def person(identity_name, version, issued, entries):
    identity = identities[identity_name]
    listed = {'v': 1, 'version': version, 'issued': issued, 'devices': entries}
    encoded = b64(js(listed).encode())
    return {
        'identityPrivate': pkcs8(identity),
        'identity': {'signing': spki(identity), 'algorithm': algorithm_of(identity), 'devices': encoded,
                     'signature': sign(identity, signed_list_bytes(encoded))},
        'identityId': sha256(spki_der(identity)),
        'list': listed,
        'signedBytesSha256': sha256(signed_list_bytes(encoded)),
    }

# ann: an Ed25519 identity; the laptop was her first device (version 1 at 1764950400000), the phone was linked
# (version 2 at 1764950460000). A name with characters outside ASCII pins UTF-8 before base64.
ann_identity = spki(identities['ann'])
ann = person('ann', 2, 1764950460000, [entry('laptop', 'laptop', 1764950400000, identities['ann']),
                                       entry('phone', 'téléphone ✓', 1764950460000, identities['ann'])])
# cy: an ECDSA P-256 identity with one device, the phone's keys (one device may serve two people only in a vector).
cy = person('cy', 1, 1764950520000, [entry('phone', 'first device', 1764950520000, identities['cy'])])

vectors = {
    'devices': {name: {'signing': spki(keys['signing']), 'agreement': spki(keys['agreement']),
                       'algorithm': algorithm_of(keys['signing']), 'signingPrivate': pkcs8(keys['signing']),
                       'deviceId': sha256(spki_der(keys['signing']))}
                for name, keys in devices.items()},
    'ann': ann,
    'cy': cy,
    'endorsementBytesSha256': {'ann': sha256(endorsement_bytes(spki(identities['ann']))),
                               'cy': sha256(endorsement_bytes(spki(identities['cy'])))},
}
print(json.dumps(vectors, indent=2, ensure_ascii=False))

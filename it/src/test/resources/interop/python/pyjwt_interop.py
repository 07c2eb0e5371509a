"""Foreign side of Signet's interoperability tests: PyJWT (Debian's python3-jwt) signs and verifies.

Reads {"cases": [...]} as JSON on stdin and prints {"versions": {...}, "results": {id: result}} on
stdout. Every case is independent; a case that raises reports {"error": "..."} instead of
stopping the run, so the Java side can name the case that went wrong.

Ops:
  sign            PyJWT signs a request token (profile "compatible" or "standard") with a PEM key;
                  the answer has the public key as cryptography writes it (PEM SPKI)
  sign_unsecured  PyJWT makes an alg "none" token
  sign_hmac       PyJWT makes an HS256 token with a shared secret
  sign_hmac_pem   an HS256 token keyed with the public PEM (the key-confusion attack); PyJWT
                  refuses to build it, so the hmac module signs it
  verify          PyJWT verifies a token with a PEM, a JWK (jwt.PyJWK) or a JWKS URL (jwt.PyJWKClient)
  ajwt_sign       a request token exactly as asymmetric-jwt-auth's Token.sign() makes one
  ajwt_verify     asymmetric-jwt-auth's UntrustedToken.verify() checks
  server_keys     PyJWT reads a Signet server's JWKS (jwt.PyJWKClient); each key's ASAP PEM
                  (GET /asap/{kid}) and "publicKey" member are compared with the key PyJWT built
  client_credentials  PyJWT makes a private_key_jwt client assertion (iss = sub = the client, aud,
                  iat, exp, jti) and posts a client_credentials grant to a token endpoint with
                  urllib; answers {status, body}

asymmetric-jwt-auth itself cannot run here (it is on PyPI only and needs Django and PyJWT >= 2.14),
so ajwt_* restate its documented and published behaviour with PyJWT:
  - a token is {"username", "time", "nonce"}, sent as "Authorization: JWT <token>";
  - its signer uses the key's first allowed algorithm (RS512 for RSA, EdDSA for Ed25519), a
    "kid" header that is the SHA-256 hex digest of the public key's PEM SubjectPublicKeyInfo, and
    a nonce of secrets.token_urlsafe(8);
  - its verifier accepts RS512, RS384 and RS256 for RSA keys and EdDSA for Ed25519 keys (no EC),
    requires the three claims to be non-empty, "time" within +-20 s of its clock, and the nonce
    unused for this username and time; a used nonce is remembered.
"""

import base64
import hashlib
import hmac
import json
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import cryptography
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

AJWT_TOLERANCE = 20
AJWT_ALGORITHMS = {"RSA": ["RS512", "RS384", "RS256"], "Ed25519": ["EdDSA"]}
ajwt_used_nonces = set()


def request_claims(case):
    now = int(time.time())
    if case["profile"] == "compatible":
        return {"username": case["principal"], "time": now, "nonce": secrets.token_urlsafe(16)}
    return {
        "iss": case["principal"],
        "sub": case["principal"],
        "aud": case["audience"],
        "iat": now,
        "exp": now + 30,
        "jti": secrets.token_urlsafe(16),
    }


def sign(case):
    headers = {"kid": case["kid"]} if case.get("kid") else None
    token = jwt.encode(request_claims(case), case["key_pem"], algorithm=case["alg"], headers=headers)
    public_key = serialization.load_pem_private_key(case["key_pem"].encode(), password=None).public_key()
    return {"token": token, "public_pem": spki_pem(public_key).decode()}


def sign_unsecured(case):
    return {"token": jwt.encode(request_claims(case), None, algorithm="none")}


def sign_hmac(case):
    return {"token": jwt.encode(request_claims(case), case["secret"], algorithm="HS256")}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign_hmac_pem(case):
    header = {"alg": "HS256", "typ": "JWT"}
    if case.get("kid"):
        header["kid"] = case["kid"]
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(request_claims(case)).encode())
    mac = hmac.new(case["public_pem"].encode(), signing_input.encode("ascii"), hashlib.sha256).digest()
    return {"token": signing_input + "." + b64url(mac)}


def verification_key(case, token):
    key = case["key"]
    if "pem" in key:
        return key["pem"]
    if "jwk" in key:
        return jwt.PyJWK(key["jwk"]).key
    return jwt.PyJWKClient(key["jwks_url"], cache_keys=False).get_signing_key_from_jwt(token).key


def verify(case):
    token = case["token"]
    try:
        claims = jwt.decode(
            token,
            verification_key(case, token),
            algorithms=[case["alg"]],
            audience=case.get("audience"),
            issuer=case.get("issuer"),
            options={"require": case.get("require", [])},
        )
    except jwt.PyJWTError as e:
        return {"ok": False, "rejected": type(e).__name__ + ": " + str(e)}
    return {"ok": True, "header": jwt.get_unverified_header(token), "claims": claims}


def key_family(public_key):
    if isinstance(public_key, rsa.RSAPublicKey):
        return "RSA"
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return "Ed25519"
    raise ValueError("asymmetric-jwt-auth supports only RSA and Ed25519 keys, not " + type(public_key).__name__)


def spki_pem(public_key):
    return public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def ajwt_sign(case):
    private_key = serialization.load_pem_private_key(case["key_pem"].encode(), password=None)
    public_key = private_key.public_key()
    algorithm = AJWT_ALGORITHMS[key_family(public_key)][0]
    kid = hashlib.sha256(spki_pem(public_key)).hexdigest()
    claims = {"username": case["principal"], "time": int(time.time()), "nonce": secrets.token_urlsafe(nbytes=8)}
    pkcs8 = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return {"token": jwt.encode(claims, pkcs8, algorithm=algorithm, headers={"kid": kid}), "kid": kid, "alg": algorithm}


def ajwt_verify(case):
    public_key = serialization.load_pem_public_key(case["public_pem"].encode())
    try:
        data = jwt.decode(case["token"], spki_pem(public_key).decode(), algorithms=AJWT_ALGORITHMS[key_family(public_key)])
    except jwt.InvalidTokenError as e:
        return {"ok": False, "rejected": "signature: " + type(e).__name__ + ": " + str(e)}
    username, claimed_time, nonce = data.get("username"), data.get("time", 0), data.get("nonce")
    if not username or not claimed_time or not nonce:
        return {"ok": False, "rejected": "claims: username, time and nonce must all be present and non-empty"}
    now = time.time()
    if claimed_time < now - AJWT_TOLERANCE or claimed_time > now + AJWT_TOLERANCE:
        return {"ok": False, "rejected": "time: %s is not within %d s of %d" % (claimed_time, AJWT_TOLERANCE, now)}
    if (username, claimed_time, nonce) in ajwt_used_nonces:
        return {"ok": False, "rejected": "nonce: already used"}
    ajwt_used_nonces.add((username, claimed_time, nonce))
    return {"ok": True, "username": username, "time": claimed_time}


def server_keys(case):
    def der(public_key):
        return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)

    keys = {}
    for key in jwt.PyJWKClient(case["jwks_uri"], cache_keys=False).get_signing_keys():  # "use": "sig" (or none) only
        with urllib.request.urlopen(case["base"] + "/asap/" + key.key_id) as asap:
            asap_type = asap.headers["Content-Type"]
            asap_pem = serialization.load_pem_public_key(asap.read())
        member = key._jwk_data["publicKey"]
        member_pem = serialization.load_pem_public_key(base64.urlsafe_b64decode(member + "=" * (-len(member) % 4)))
        keys[key.key_id] = {
            "kty": key.key_type,
            "alg": key._jwk_data.get("alg"),
            "use": key.public_key_use,
            "asap_type": asap_type,
            "asap_matches": der(asap_pem) == der(key.key),
            "public_key_member_matches": der(member_pem) == der(key.key),
        }
    return {"keys": keys}


def client_credentials(case):
    now = int(time.time())
    assertion = jwt.encode({
        "iss": case["client_id"],
        "sub": case["client_id"],
        "aud": case["audience"],
        "iat": now,
        "exp": now + 30,
        "jti": secrets.token_urlsafe(16),
    }, case["key_pem"], algorithm=case["alg"])
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
    }
    if case.get("scope"):
        form["scope"] = case["scope"]
    if case.get("resource_audience"):
        form["audience"] = case["resource_audience"]
    request = urllib.request.Request(case["token_endpoint"], data=urllib.parse.urlencode(form).encode("ascii"), method="POST")
    try:
        with urllib.request.urlopen(request) as response:
            return {"status": response.status, "body": json.load(response)}
    except urllib.error.HTTPError as e:
        return {"status": e.code, "body": json.load(e)}


OPS = {
    "sign": sign,
    "sign_unsecured": sign_unsecured,
    "sign_hmac": sign_hmac,
    "sign_hmac_pem": sign_hmac_pem,
    "verify": verify,
    "ajwt_sign": ajwt_sign,
    "ajwt_verify": ajwt_verify,
    "server_keys": server_keys,
    "client_credentials": client_credentials,
}


def run(case):
    try:
        return OPS[case["op"]](case)
    except Exception as e:  # reported per case, with the case's id, to the Java side
        return {"error": "%s: %s" % (type(e).__name__, e)}


def main():
    cases = json.load(sys.stdin)["cases"]
    json.dump({
        "versions": {
            "python": sys.version.split()[0],
            "pyjwt": jwt.__version__,
            "cryptography": cryptography.__version__,
        },
        "results": {case["id"]: run(case) for case in cases},
    }, sys.stdout)


if __name__ == "__main__":
    main()

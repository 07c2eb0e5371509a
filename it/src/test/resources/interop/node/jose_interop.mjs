// Foreign side of Signet's interoperability tests: panva's jose (npm) signs and verifies.
//
// Reads {"cases": [...]} as JSON on stdin and prints {"versions": {...}, "results": {id: result}}
// on stdout. A case that throws reports {"error": "..."} instead of stopping the run.
//
// Ops:
//   sign          jose signs a request token ("compatible" or "standard" profile) with a key given
//                 as PKCS#8 PEM (importPKCS8), a private JWK (importJWK), or PKCS#1 PEM (which jose
//                 does not import: node:crypto reads it and jose signs with the KeyObject)
//   verify        jose verifies a token with an SPKI PEM (importSPKI), a JWKS (createLocalJWKSet) or
//                 a JWKS URL (createRemoteJWKSet), checking whatever options the case gives
//                 (issuer, audience, typ, required claims)
//   access_token  jose generates a key pair and issues an RFC 9068 access token (typ at+jwt);
//                 returns the token and the public JWK (kid = RFC 7638 thumbprint)
//   server_keys   jose reads a Signet server's JWKS: each key imported (importJWK), its RFC 7638
//                 thumbprint computed, its ASAP PEM (GET /asap/{kid}, importSPKI) and "publicKey"
//                 member compared with it, and each resolved by kid through createRemoteJWKSet
//                 (signing keys only: the "use": "enc" keys are jwe_interop.mjs's)
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as jose from 'jose';

const now = () => Math.floor(Date.now() / 1000);
const randomId = () => jose.base64url.encode(crypto.getRandomValues(new Uint8Array(16)));

function requestClaims(c) {
  if (c.profile === 'compatible') {
    return { username: c.principal, time: now(), nonce: randomId() };
  }
  const iat = now();
  return { iss: c.principal, sub: c.principal, aud: c.audience, iat, exp: iat + 30, jti: randomId() };
}

async function privateKey(c) {
  if (c.key.pkcs8) return jose.importPKCS8(c.key.pkcs8, c.alg);
  if (c.key.jwk) return jose.importJWK(c.key.jwk, c.alg);
  if (c.key.pkcs1) return createPrivateKey(c.key.pkcs1);
  throw new Error('no private key in case');
}

async function sign(c) {
  const header = { alg: c.alg, typ: 'JWT', ...(c.kid ? { kid: c.kid } : {}) };
  return { token: await new jose.CompactSign(new TextEncoder().encode(JSON.stringify(requestClaims(c))))
    .setProtectedHeader(header)
    .sign(await privateKey(c)) };
}

async function verify(c) {
  const key = c.key.spki ? await jose.importSPKI(c.key.spki, c.alg)
    : c.key.jwks_uri ? jose.createRemoteJWKSet(new URL(c.key.jwks_uri))
      : jose.createLocalJWKSet(c.key.jwks);
  try {
    const { payload, protectedHeader } = await jose.jwtVerify(c.token, key, {
      algorithms: [c.alg],
      issuer: c.issuer,
      audience: c.audience,
      typ: c.typ,
      requiredClaims: c.requiredClaims,
      maxTokenAge: c.maxTokenAge,
    });
    return { ok: true, header: protectedHeader, claims: payload };
  } catch (e) {
    return { ok: false, rejected: `${e.code ?? e.name}: ${e.message}` };
  }
}

async function accessToken(c) {
  const options = { extractable: true, ...(c.alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) };
  const { publicKey, privateKey: signingKey } = await jose.generateKeyPair(c.alg, options);
  const jwk = await jose.exportJWK(publicKey);
  jwk.kid = await jose.calculateJwkThumbprint(jwk, 'sha256');
  jwk.alg = c.alg;
  jwk.use = 'sig';
  const token = await new jose.SignJWT({ client_id: c.subject, scope: c.scope })
    .setProtectedHeader({ alg: c.alg, kid: jwk.kid, typ: c.typ ?? 'at+jwt' })
    .setIssuer(c.issuer)
    .setSubject(c.subject)
    .setAudience(c.audience)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti(randomId())
    .sign(signingKey);
  return { token, jwk };
}

async function serverKeys(c) {
  const jwks = await (await fetch(c.jwks_uri)).json();
  const remote = jose.createRemoteJWKSet(new URL(c.jwks_uri));
  const spki = async (key) => jose.exportSPKI(key);
  const keys = {};
  for (const jwk of jwks.keys) {
    if (jwk.use === 'enc') continue; // the server's encryption keys: see jwe_interop.mjs
    const fromJwk = await jose.importJWK(jwk, jwk.alg, { extractable: true });
    const asap = await fetch(`${c.base}/asap/${jwk.kid}`);
    const fromPem = await jose.importSPKI(await asap.text(), jwk.alg, { extractable: true });
    const member = Buffer.from(jwk.publicKey, 'base64url').toString('ascii');
    const fromMember = await jose.importSPKI(member, jwk.alg, { extractable: true });
    const resolved = await remote({ alg: jwk.alg, kid: jwk.kid });
    keys[jwk.kid] = {
      thumbprint: await jose.calculateJwkThumbprint(jwk, 'sha256'),
      asapType: asap.headers.get('content-type'),
      asapMatches: (await spki(fromPem)) === (await spki(fromJwk)),
      publicKeyMemberMatches: (await spki(fromMember)) === (await spki(fromJwk)),
      resolvedByKid: resolved !== undefined,
    };
  }
  return { keys };
}

const OPS = { sign, verify, access_token: accessToken, server_keys: serverKeys };

async function run(c) {
  try {
    return await OPS[c.op](c);
  } catch (e) { // reported per case, with the case's id, to the Java side
    return { error: `${e.code ?? e.name}: ${e.message}` };
  }
}

const { cases } = JSON.parse(readFileSync(0, 'utf8'));
const results = {};
for (const c of cases) {
  results[c.id] = await run(c);
}
const joseVersion = JSON.parse(readFileSync(new URL('./node_modules/jose/package.json', import.meta.url), 'utf8')).version;
process.stdout.write(JSON.stringify({ versions: { node: process.versions.node, jose: joseVersion }, results }));

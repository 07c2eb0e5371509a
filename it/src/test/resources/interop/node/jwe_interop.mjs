// Foreign side of Signet's JWE interoperability tests: node-jose (the seeds' library) and panva's
// jose encrypt to Signet's keys and decrypt what Signet encrypted to theirs.
//
// Reads {"cases": [...]} as JSON on stdin and prints {"versions": {...}, "results": {id: result}}
// on stdout. A case that throws reports {"error": "..."} instead of stopping the run.
//
// Ops (lib: "node-jose" or "jose"):
//   generate  the library makes a key pair: {kty: "RSA"} or {kty: "EC"} (P-256), for alg;
//             returns the public and the private JWK (kid = RFC 7638 thumbprint)
//   encrypt   the library encrypts payload (UTF-8 text) to jwk as a compact JWE: node-jose as the
//             seeds do, JWE.createEncrypt({zip, format: 'compact'}, key) (the key's alg, node-jose's
//             default enc A128CBC-HS256); jose with CompactEncrypt, alg from the JWK, enc A256GCM
//   nested    jose signs claims (iss = sub = principal, aud, iat, exp, jti) with a private JWK, then
//             encrypts the JWS to jwk with cty "JWT" (RFC 7519 §11.2)
//   decrypt   the library decrypts jwe with a private JWK; returns the plaintext and the header
import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import nodeJose from 'node-jose';

const text = (bytes) => new TextDecoder().decode(bytes);
const now = () => Math.floor(Date.now() / 1000);

async function generate(c) {
  if (c.lib === 'node-jose') {
    const store = nodeJose.JWK.createKeyStore();
    const key = c.kty === 'RSA'
      ? await store.generate('RSA', 2048, { alg: c.alg, use: 'enc' })
      : await store.generate('EC', 'P-256', { alg: c.alg, use: 'enc' });
    const publicJwk = key.toJSON();
    const kid = await jose.calculateJwkThumbprint(publicJwk, 'sha256');
    return { publicJwk: { ...publicJwk, kid }, privateJwk: { ...key.toJSON(true), kid } };
  }
  const { publicKey, privateKey } = c.kty === 'RSA'
    ? await jose.generateKeyPair(c.alg, { modulusLength: 2048, extractable: true })
    : await jose.generateKeyPair(c.alg, { crv: 'P-256', extractable: true });
  const publicJwk = await jose.exportJWK(publicKey);
  const kid = await jose.calculateJwkThumbprint(publicJwk, 'sha256');
  return {
    publicJwk: { ...publicJwk, kid, alg: c.alg, use: 'enc' },
    privateJwk: { ...(await jose.exportJWK(privateKey)), kid, alg: c.alg },
  };
}

async function encrypt(c) {
  if (c.lib === 'node-jose') {
    const key = await nodeJose.JWK.asKey(c.jwk);
    const jwe = await nodeJose.JWE.createEncrypt({ zip: Boolean(c.zip), format: 'compact' }, key).update(c.payload, 'utf8').final();
    return { jwe };
  }
  const key = await jose.importJWK(c.jwk, c.jwk.alg);
  const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(c.payload))
    .setProtectedHeader({ alg: c.jwk.alg, enc: 'A256GCM', kid: c.jwk.kid })
    .encrypt(key);
  return { jwe };
}

async function nested(c) {
  const signingKey = await jose.importJWK(c.signingJwk, c.signingAlg);
  const iat = now();
  const jws = await new jose.SignJWT({ ...c.claims, iss: c.principal, sub: c.principal, aud: c.audience, iat, exp: iat + 30,
    jti: jose.base64url.encode(crypto.getRandomValues(new Uint8Array(16))) })
    .setProtectedHeader({ alg: c.signingAlg, kid: c.signingJwk.kid, typ: 'JWT' })
    .sign(signingKey);
  const key = await jose.importJWK(c.jwk, c.jwk.alg);
  const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: c.jwk.alg, enc: 'A256GCM', kid: c.jwk.kid, cty: 'JWT' })
    .encrypt(key);
  return { jwe };
}

async function decrypt(c) {
  if (c.lib === 'node-jose') {
    const key = await nodeJose.JWK.asKey(c.privateJwk);
    const result = await nodeJose.JWE.createDecrypt(key).decrypt(c.jwe);
    return { plaintext: result.plaintext.toString('utf8'), header: result.header };
  }
  const key = await jose.importJWK(c.privateJwk, c.privateJwk.alg);
  const { plaintext, protectedHeader } = await jose.compactDecrypt(c.jwe, key);
  return { plaintext: text(plaintext), header: protectedHeader };
}

const OPS = { generate, encrypt, nested, decrypt };

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
const version = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
process.stdout.write(JSON.stringify({ versions: { node: process.versions.node, jose: version('jose'), 'node-jose': version('node-jose') }, results }));

// Makes what the gateway benchmark needs, with Node's own crypto: an RSA 2048 key, its JWKS
// (served by nginx as the issuer's jwks_uri), and N RFC 9068 access tokens signed RS256.
//   node mint.mjs OUTDIR ISSUER AUDIENCE COUNT
import { generateKeyPairSync, createSign, createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const [out, issuer, audience, count] = process.argv.slice(2);
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = publicKey.export({ format: 'jwk' });
const b64 = (b) => Buffer.from(b).toString('base64url');
const kid = b64(createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n })).digest());
writeFileSync(`${out}/jwks.json`, JSON.stringify({ keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] }));
const header = b64(JSON.stringify({ alg: 'RS256', typ: 'at+jwt', kid }));
const now = Math.floor(Date.now() / 1000);
const tokens = [];
for (let i = 0; i < Number(count); i++) {
  const claims = { iss: issuer, sub: `client-${i}`, aud: audience, iat: now, exp: now + 3600, jti: `bench-${i}`, client_id: `client-${i}`, scope: 'orders:read' };
  const input = `${header}.${b64(JSON.stringify(claims))}`;
  tokens.push(`${input}.${b64(createSign('RSA-SHA256').update(input).sign(privateKey))}`);
}
writeFileSync(`${out}/tokens.txt`, tokens.join('\n') + '\n');

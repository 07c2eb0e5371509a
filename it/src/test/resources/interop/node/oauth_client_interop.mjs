// Foreign side of Signet's interoperability tests: OAuth clients of Signet's token endpoint.
//
// Reads {"cases": [...]} as JSON on stdin and prints {"versions": {...}, "results": {id: result}}
// on stdout. A case that throws reports {"error": "..."} instead of stopping the run.
//
// Ops:
//   jose_assertion   panva's jose makes a private_key_jwt client assertion (SignJWT: iss = sub =
//                    the client, aud, iat, exp, jti) with the client's PKCS#8 key and posts a
//                    client_credentials grant to token_endpoint; answers {status, body}
//   oauth4webapi     panva's oauth4webapi as a confidential client: RFC 8414 discovery of
//                    issuer, PrivateKeyJwt client authentication, a DPoP key pair of its own
//                    (ES256), clientCredentialsGrantRequest with the DPoP handle (retrying once
//                    on use_dpop_nonce), then protectedResourceRequest GET resource with the
//                    DPoP-bound token and a fresh proof; the same token sent as Bearer too.
//                    Answers the token response, the resource's {status, body}, and the Bearer
//                    attempt's status and WWW-Authenticate
import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import * as oauth from 'oauth4webapi';

const randomId = () => jose.base64url.encode(crypto.getRandomValues(new Uint8Array(16)));

async function answer(response) {
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text), wwwAuthenticate: response.headers.get('www-authenticate') };
  } catch {
    return { status: response.status, body: text, wwwAuthenticate: response.headers.get('www-authenticate') };
  }
}

async function joseAssertion(c) {
  const key = await jose.importPKCS8(c.key_pkcs8, c.alg);
  const assertion = await new jose.SignJWT({})
    .setProtectedHeader({ alg: c.alg, typ: 'JWT' })
    .setIssuer(c.client_id)
    .setSubject(c.client_id)
    .setAudience(c.audience)
    .setIssuedAt()
    .setExpirationTime('30s')
    .setJti(randomId())
    .sign(key);
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    ...(c.scope ? { scope: c.scope } : {}),
    ...(c.resource_audience ? { audience: c.resource_audience } : {}),
  });
  const first = await answer(await fetch(c.token_endpoint, { method: 'POST', body: form }));
  if (!c.replay) return first;
  return { first, replayed: await answer(await fetch(c.token_endpoint, { method: 'POST', body: form })) };
}

async function oauth4webapi(c) {
  const insecure = { [oauth.allowInsecureRequests]: true }; // the test server is plain http on loopback
  const issuer = new URL(c.issuer);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  const client = { client_id: c.client_id };
  const clientAuth = oauth.PrivateKeyJwt(await jose.importPKCS8(c.key_pkcs8, c.alg));
  const dpopKeys = await oauth.generateKeyPair('ES256');
  const dpop = oauth.DPoP(client, dpopKeys);
  const parameters = { scope: c.scope };
  const grant = () => oauth.clientCredentialsGrantRequest(as, client, clientAuth, parameters, { DPoP: dpop, ...insecure });
  let tokens;
  try {
    tokens = await oauth.processClientCredentialsResponse(as, client, await grant());
  } catch (e) {
    if (!oauth.isDPoPNonceError(e)) throw e;
    tokens = await oauth.processClientCredentialsResponse(as, client, await grant()); // the handle kept the nonce
  }
  const resource = new URL(c.resource);
  const call = () => oauth.protectedResourceRequest(tokens.access_token, 'GET', resource, new Headers(), null, { DPoP: dpop, ...insecure });
  let response;
  try {
    response = await call();
  } catch (e) {
    if (!oauth.isDPoPNonceError(e)) throw e;
    response = await call();
  }
  const bearer = await fetch(resource, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  return {
    token_endpoint: as.token_endpoint,
    dpop_algs: as.dpop_signing_alg_values_supported ?? null,
    token_type: tokens.token_type,
    scope: tokens.scope ?? null,
    access_token: tokens.access_token,
    jkt: await jose.calculateJwkThumbprint(await jose.exportJWK(dpopKeys.publicKey)), // public keys are always extractable
    resource: await answer(response),
    bearer: await answer(bearer),
  };
}

const OPS = { jose_assertion: joseAssertion, oauth4webapi };

async function run(c) {
  try {
    return await OPS[c.op](c);
  } catch (e) { // reported per case, with the case's id, to the Java side
    return { error: `${e.code ?? e.name}: ${e.message}${e.error ? ` (${e.error}: ${e.error_description})` : ''}` };
  }
}

const { cases } = JSON.parse(readFileSync(0, 'utf8'));
const results = {};
for (const c of cases) {
  results[c.id] = await run(c);
}
const version = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
process.stdout.write(JSON.stringify({
  versions: { node: process.versions.node, jose: version('jose'), oauth4webapi: version('oauth4webapi') },
  results,
}));

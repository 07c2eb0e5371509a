// Foreign side of Signet's interoperability tests: the Express verifier of shared/seeds/002 —
// express-jwt with jwks-rsa's expressJwtSecret against a JWKS URL, then express-jwt-authz for
// scopes — run as a real Express app on 127.0.0.1 and called over HTTP.
//
// Reads {"cases": [...]} as JSON on stdin; each case is one route configured as in the seed
// (jwks_uri, issuer, audience, algorithms, scopes) and one GET to it with
// "Authorization: Bearer <token>". Prints {"versions": {...}, "results": {id: {status, body}}}.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import express from 'express';
import { expressjwt } from 'express-jwt';
import jwtAuthz from 'express-jwt-authz';
import jwksRsa from 'jwks-rsa';

const { cases } = JSON.parse(readFileSync(0, 'utf8'));
const app = express();
cases.forEach((c, i) => {
  app.get(`/case/${i}`,
    expressjwt({
      secret: jwksRsa.expressJwtSecret({
        cache: true,
        cacheMaxAge: 60 * 60 * 1000,
        rateLimit: true,
        jwksRequestsPerMinute: 5,
        jwksUri: c.jwks_uri,
      }),
      issuer: c.issuer,
      audience: c.audience,
      algorithms: c.algorithms,
    }),
    jwtAuthz(c.scopes, { customUserKey: 'auth' }), // express-jwt 8 puts the claims in req.auth
    (req, res) => res.send({ status: 'OK', user: req.auth }));
});
app.use((err, req, res, next) => res.status(err.status ?? 500).send({ error: err.code ?? err.name, message: err.message }));

const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const results = {};
for (const [i, c] of cases.entries()) {
  const response = await fetch(`http://127.0.0.1:${server.address().port}/case/${i}`, {
    headers: { authorization: `Bearer ${c.token}` },
  });
  const text = await response.text(); // express-jwt-authz answers 403 in plain text
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  results[c.id] = { status: response.status, body };
}
server.close();

const version = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
const versions = { node: process.versions.node };
for (const name of ['express', 'express-jwt', 'express-jwt-authz', 'jwks-rsa', 'jsonwebtoken']) {
  versions[name] = version(name);
}
process.stdout.write(JSON.stringify({ versions, results }));

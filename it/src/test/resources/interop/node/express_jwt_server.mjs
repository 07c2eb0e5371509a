// Foreign side of Signet's interoperability tests: the Express verifier of shared/seeds/002 as a
// long-running app, so that its JWKS cache lives across a signing-key rotation on the server.
//
// express-jwt with jwks-rsa's expressJwtSecret (cache, rateLimit, jwksRequestsPerMinute: 5, as
// the seed), issuer, audience and algorithms checks, then express-jwt-authz for the scopes.
// GET /api answers {"user": req.auth} (express-jwt >= 6 puts the claims on req.auth).
//
// Usage: node express_jwt_server.mjs '{"jwks_uri", "issuer", "audience", "algorithms", "scopes"}'
// Prints "listening on http://127.0.0.1:PORT" when ready; exits when its stdin closes, so it never
// outlives the test that started it.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import express from 'express';
import { expressjwt } from 'express-jwt';
import jwtAuthz from 'express-jwt-authz';
import jwksRsa from 'jwks-rsa';

const config = JSON.parse(process.argv[2]);
const app = express();
app.get('/api',
  expressjwt({
    secret: jwksRsa.expressJwtSecret({
      cache: true,
      cacheMaxAge: 60 * 60 * 1000,
      rateLimit: true,
      jwksRequestsPerMinute: 5,
      jwksUri: config.jwks_uri,
    }),
    issuer: config.issuer,
    audience: config.audience,
    algorithms: config.algorithms,
  }),
  jwtAuthz(config.scopes, { customUserKey: 'auth' }),
  (req, res) => res.send({ user: req.auth }));
app.use((err, req, res, next) => res.status(err.status ?? 500).send({ error: err.code ?? err.name, message: err.message }));

const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const version = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
const versions = ['express', 'express-jwt', 'express-jwt-authz', 'jwks-rsa', 'jsonwebtoken'].map((n) => `${n} ${version(n)}`);
console.log(`node ${process.versions.node}, ${versions.join(', ')}`);
console.log(`listening on http://127.0.0.1:${server.address().port}`);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

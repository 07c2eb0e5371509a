// The seeds' stack doing the gateway's job: Express + express-jwt + jwks-rsa verify the RS256
// access token against the cached JWKS, then the request is forwarded to the upstream over a
// keep-alive agent with X-JWT-Sub, as the Signet gateway does.
//   node express-gateway.mjs PORT ISSUER JWKS_URI AUDIENCE UPSTREAM_PORT
import express from 'express';
import { expressjwt } from 'express-jwt';
import jwksRsa from 'jwks-rsa';
import http from 'node:http';

const [port, issuer, jwksUri, audience, upstreamPort] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const app = express();
app.use(expressjwt({ secret: jwksRsa.expressJwtSecret({ jwksUri, cache: true, rateLimit: true }), algorithms: ['RS256'], issuer, audience }));
app.use((req, res) => {
  const upstream = http.request({ host: '127.0.0.1', port: upstreamPort, path: req.originalUrl, method: req.method, agent,
    headers: { 'x-jwt-sub': req.auth.sub } }, (up) => { res.status(up.statusCode); up.pipe(res); });
  upstream.on('error', () => res.status(502).end());
  req.pipe(upstream);
});
app.use((err, req, res, next) => res.status(err.status || 500).json({ error: 'invalid_token' }));
app.listen(Number(port), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));

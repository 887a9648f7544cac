'use strict';
// An ext_authz client that is not ours: gRPC's own Node.js implementation, speaking
// envoy.service.auth.v3.Authorization/Check from Envoy's published .proto files, as Envoy does.
//
//   node client.js <proto-dir> < cases.json
//
// <proto-dir> holds envoy/service/auth/v3/external_auth.proto and everything it imports.
// stdin is a JSON array of cases, {"name", "port", "request"}, each request a CheckRequest in
// the .proto's own field names (attributes.request.http, attributes.context_extensions, ...).
// stdout is a JSON array of answers in the same order:
//   {"name", "grpc": "OK" | <call error>, "status": <google.rpc.Status code>,
//    "outcome": "ok_response" | "denied_response", "http_status": <denied status, or null>,
//    "headers": {<name>: <value>}, "body": <denied body, or null>}
// The @grpc packages come from NODE_PATH (the Java test installs them under target/).

const fs = require('fs');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const protoDir = process.argv[2];
if (!protoDir) {
  console.error('usage: node client.js <proto-dir> < cases.json');
  process.exit(2);
}
const cases = JSON.parse(fs.readFileSync(0, 'utf8'));

const definition = protoLoader.loadSync('envoy/service/auth/v3/external_auth.proto', {
  keepCase: true,
  longs: String,
  defaults: false,
  oneofs: true,
  includeDirs: [protoDir],
});
const Authorization = grpc.loadPackageDefinition(definition).envoy.service.auth.v3.Authorization;

const clients = new Map();
function client(port) {
  if (!clients.has(port)) {
    clients.set(port, new Authorization(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
  }
  return clients.get(port);
}

function check(c) {
  return new Promise((resolve) => {
    const deadline = new Date(Date.now() + 10000);
    client(c.port).Check(c.request, { deadline }, (err, res) => {
      if (err) {
        resolve({ name: c.name, grpc: `${grpc.status[err.code]}: ${err.details}` });
        return;
      }
      const outcome = res.http_response;
      const answer = res[outcome] || {};
      const headers = {};
      for (const h of answer.headers || []) {
        headers[h.header.key] = h.header.value;
      }
      resolve({
        name: c.name,
        grpc: 'OK',
        status: (res.status && res.status.code) || 0,
        outcome,
        http_status: outcome === 'denied_response' ? answer.status.code : null,
        headers,
        body: outcome === 'denied_response' ? answer.body || '' : null,
      });
    });
  });
}

(async () => {
  const answers = [];
  for (const c of cases) {
    answers.push(await check(c));
  }
  for (const c of clients.values()) {
    c.close();
  }
  process.stdout.write(JSON.stringify(answers) + '\n');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

#!/usr/bin/env node
// A stand-in for an application's JSON status endpoint, to try promkit-json-exporter against.
// Usage: node sample/status-service/server.js [port]   (default 8080; 0 picks a free port)
const http = require('node:http');

const startedAt = Date.now();

function status() {
  return {
    current_requests: 10,
    pending_requests: 2,
    total_uptime: Math.round((Date.now() - startedAt) / 10) / 100,
    health: 'healthy',
    version: '1.4.2',
    db: { connections: { active: 3, idle: 7 } },
  };
}

const server = http.createServer((req, res) => {
  if (req.url !== '/status') {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('try /status\n');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(status()));
});

server.listen(Number(process.argv[2] ?? 8080), '127.0.0.1', () => {
  console.log(`status service on http://127.0.0.1:${server.address().port}/status`);
});

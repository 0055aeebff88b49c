#!/usr/bin/env node
require('../dist/cjs/export/json-exporter/cli.js');

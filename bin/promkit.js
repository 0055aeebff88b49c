#!/usr/bin/env node
require('../dist/cjs/multiprocess/cli.js');

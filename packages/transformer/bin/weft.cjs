#!/usr/bin/env node
// The `weft` command. A committed file (not dist/) so that package managers can link the bin
// before the package is built, as pnpm does for workspace packages on a fresh install.
'use strict';
require('../dist/cli.js').run();

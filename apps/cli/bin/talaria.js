#!/usr/bin/env node
// Committed entry point, so the link exists right after `npm ci` even though
// the compiled CLI is only written by the install's build step.
require('../dist/main.js');

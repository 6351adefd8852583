// Lets a child process run the project's TypeScript sources, so tests can
// exercise real processes without a prior build. @talaria/*
// imports resolve to each project's src/index.ts, as in the Jest preset.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const swc = require('@swc/core');

const root = __dirname;
const originalResolve = Module._resolveFilename;

Module._resolveFilename = function resolveTalaria(request, ...rest) {
  const match = /^@talaria\/([a-z-]+)$/.exec(request);
  if (match) {
    for (const folder of ['libs', 'tools', 'apps']) {
      const candidate = path.join(root, folder, match[1], 'src', 'index.ts');
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  return originalResolve.call(this, request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

#!/usr/bin/env node
import { runGenerateCommand } from './cli/generate-command';

process.exitCode = runGenerateCommand(process.argv.slice(2), process);

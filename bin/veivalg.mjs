#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx veivalg` works without a build step.
import { register } from "tsx/esm/api";

register();
await import("../server/src/cli/veivalg.ts");

// Whether a module runs as a command (`node e2e/x.mjs`, by any path to it, a symlink too) rather
// than imported: Node names the running module by its real path, argv[1] as it was typed.
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export function runAsCommand(moduleUrl) {
  try {
    return realpathSync(resolve(process.argv[1])) === fileURLToPath(moduleUrl);
  } catch {
    return false;
  }
}

// Prints, comma-separated, the operationIds that spec/openapi.yaml marks `x-rasaplatform-status: planned`:
// they stay in the contract but get no generated controller method until they are built.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const spec = parse(readFileSync(process.argv[2], 'utf8'));
const planned = [];
for (const item of Object.values(spec.paths ?? {})) {
  for (const operation of Object.values(item)) {
    if (operation && operation['x-rasaplatform-status'] === 'planned') {
      planned.push(operation.operationId);
    }
  }
}
process.stdout.write(planned.sort().join(','));

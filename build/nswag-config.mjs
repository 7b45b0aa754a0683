// Writes the NSwag configuration of one generation to argv[3]: the configuration argv[2] (build/nswag.json) with
// excludedOperationIds set to the operations its input document marks `x-rasaplatform-status: planned`, which stay
// in the contract but get no controller method until they are built. Prints those operationIds, comma-separated.
// NSwag reads such a list only from the file (its /variables cannot carry one), hence a configuration per run.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

const [template, out] = process.argv.slice(2);
const config = JSON.parse(readFileSync(template, 'utf8'));
const input = resolve(dirname(template), config.documentGenerator.fromDocument.url);
const spec = parse(readFileSync(input, 'utf8'));
const planned = [];
for (const item of Object.values(spec.paths ?? {})) {
  for (const operation of Object.values(item)) {
    if (operation && operation['x-rasaplatform-status'] === 'planned') {
      planned.push(operation.operationId);
    }
  }
}
planned.sort();
config.codeGenerators.openApiToCSharpController.excludedOperationIds = planned;
writeFileSync(out, JSON.stringify(config, null, 2) + '\n');
process.stdout.write(planned.join(','));

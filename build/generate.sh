#!/usr/bin/env bash
# Regenerates the API's controllers from spec/openapi.yaml with the pinned NSwag (npm), Partial style.
# Nobody edits src/RasaPlatform.Api/Generated/*.g.cs by hand; CI runs this and fails on any difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ -x node_modules/.bin/nswag ] || npm ci --no-audit --no-fund --loglevel=error
# Operations marked `x-rasaplatform-status: planned` stay in the contract but get no controller method yet.
excluded=$(node planned-operations.mjs ../spec/openapi.yaml)
out=../src/RasaPlatform.Api/Generated/Controllers.g.cs
mkdir -p "$(dirname "$out")"
npx --no-install nswag openapi2cscontroller /runtime:Net100 \
  /input:../spec/openapi.yaml \
  /output:"$out" \
  /namespace:RasaPlatform.Api.Generated \
  /className:'{controller}' \
  /controllerStyle:Partial \
  /controllerTarget:AspNetCore \
  /controllerBaseClass:Microsoft.AspNetCore.Mvc.ControllerBase \
  /useCancellationToken:true \
  /useActionResultType:true \
  /generateModelValidationAttributes:true \
  /basePath:api \
  /operationGenerationMode:MultipleClientsFromOperationId \
  /excludedOperationIds:"$excluded" \
  /generateOptionalParameters:false \
  /excludedTypeNames:EventOrEvents \
  /additionalNamespaceUsages:RasaPlatform.Api.Contracts \
  /jsonLibrary:SystemTextJson \
  /generateNullableReferenceTypes:true \
  /generateJsonMethods:false \
  /responseArrayType:System.Collections.Generic.ICollection \
  /parameterArrayType:System.Collections.Generic.IEnumerable \
  >/dev/null
sed -i 's/\r$//' "$out"
echo "generated ${out#../} (planned, not generated: ${excluded:-none})"

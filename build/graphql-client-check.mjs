// Checks the served GraphQL schema with graphql-js, the reference client library, as GraphiQL-style tools read it.
//   node graphql-client-check.mjs query                      prints graphql-js's standard introspection query (GraphiQL's)
//   node graphql-client-check.mjs check ANSWER.json SDL      builds a client schema from the introspection answer,
//                                                            validates it, and compares it with the SDL both ways
// Exits 1, saying why, when the answer does not make a valid schema or differs from the SDL.
import { readFileSync } from 'node:fs';
import {
  buildClientSchema, buildSchema, findBreakingChanges, findDangerousChanges, getIntrospectionQuery, GraphQLSchema,
  specifiedDirectives, validateSchema,
} from 'graphql';

const [command, answerPath, sdlPath] = process.argv.slice(2);
if (command === 'query') {
  process.stdout.write(getIntrospectionQuery({ descriptions: true }));
  process.exit(0);
}

if (command !== 'check' || !answerPath || !sdlPath) {
  console.error('usage: node graphql-client-check.mjs query | check ANSWER.json SDL');
  process.exit(2);
}

const answer = JSON.parse(readFileSync(answerPath, 'utf8'));
if (answer.errors?.length) {
  console.error('the introspection answer has errors:', JSON.stringify(answer.errors));
  process.exit(1);
}

// The built-in directives are each server's own (GraphQL.NET 8 predates @oneOf): the types are compared, with the
// directives of graphql-js on both sides.
const withOwnDirectives = schema => new GraphQLSchema({ ...schema.toConfig(), directives: specifiedDirectives });
const served = withOwnDirectives(buildClientSchema(answer.data));
const invalid = validateSchema(served);
const committed = withOwnDirectives(buildSchema(readFileSync(sdlPath, 'utf8')));
const differences = [
  ...invalid.map(e => `invalid: ${e.message}`),
  ...findBreakingChanges(committed, served).map(c => `served breaks the SDL: ${c.description}`),
  ...findDangerousChanges(committed, served).map(c => `served differs from the SDL: ${c.description}`),
  ...findBreakingChanges(served, committed).map(c => `the SDL lacks what is served: ${c.description}`),
  ...findDangerousChanges(served, committed).map(c => `the SDL differs from what is served: ${c.description}`),
];
if (differences.length > 0) {
  console.error(differences.join('\n'));
  process.exit(1);
}

console.log(`ok: ${Object.keys(served.getTypeMap()).length} types, equal to the SDL both ways`);

#!/usr/bin/env node
// Validates every line of a JSON Lines file against a JSON Schema (draft 2020-12) with ajv, an implementation
// independent of the C# code that writes the documents, so contract tests do not grade their own homework.
//
// Usage: node validate.js SCHEMA.json FILE.jsonl
// Prints one line per problem ("FILE:LINE: message") and a summary; exit code 0 when every line is valid,
// 1 when any line is invalid (or not JSON, or blank), 2 for usage errors or an unreadable/invalid schema.
'use strict';

const fs = require('fs');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

function fail(message) {
  console.error(`validate.js: ${message}`);
  process.exit(2);
}

const [schemaPath, dataPath] = process.argv.slice(2);
if (!schemaPath || !dataPath) {
  fail('usage: node validate.js SCHEMA.json FILE.jsonl');
}

let validate;
try {
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  // strict: unknown keywords or formats in OUR schema are errors, so a typo cannot silently disable a check.
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  validate = ajv.compile(schema);
} catch (e) {
  fail(`${schemaPath}: ${e.message}`);
}

let text;
try {
  text = fs.readFileSync(dataPath, 'utf8');
} catch (e) {
  fail(`${dataPath}: ${e.message}`);
}

const lines = text.split('\n');
if (lines.length > 0 && lines[lines.length - 1] === '') {
  lines.pop(); // the newline that ends the last line
}

let invalid = 0;
lines.forEach((raw, index) => {
  const lineNumber = index + 1;
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line.trim() === '') {
    invalid++;
    console.log(`${dataPath}:${lineNumber}: blank line`);
    return;
  }
  let doc;
  try {
    doc = JSON.parse(line);
  } catch (e) {
    invalid++;
    console.log(`${dataPath}:${lineNumber}: not JSON: ${e.message}`);
    return;
  }
  if (!validate(doc)) {
    invalid++;
    for (const err of validate.errors) {
      const where = err.instancePath === '' ? '(root)' : err.instancePath;
      console.log(`${dataPath}:${lineNumber}: ${where} ${err.message}`);
    }
  }
});

console.log(`${lines.length} documents, ${invalid} invalid`);
process.exit(invalid === 0 ? 0 : 1);

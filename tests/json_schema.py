#!/usr/bin/env python3
"""Check a JSON document against a schema (a small subset of JSON Schema:
type, enum, pattern, required, properties, additionalProperties: false,
items).

    json_schema.py SCHEMA [FILE]     (FILE defaults to stdin)

Prints one line per violation with its JSON path; exit 0 when there is none.
Standard library only, so the tests need nothing beyond python3."""
import json, re, sys

TYPES = {'object': dict, 'array': list, 'string': str, 'boolean': bool, 'null': type(None)}


def is_type(v, t):
    if t == 'integer':
        return isinstance(v, int) and not isinstance(v, bool)
    if t == 'number':
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    return isinstance(v, TYPES[t])


def check(v, s, path, errs):
    t = s.get('type')
    if t is not None:
        ts = t if isinstance(t, list) else [t]
        if not any(is_type(v, x) for x in ts):
            errs.append(f'{path}: {json.dumps(v)[:60]} is not {"/".join(ts)}')
            return
    if 'enum' in s and v not in s['enum']:
        errs.append(f'{path}: {json.dumps(v)} is not one of {s["enum"]}')
    if 'pattern' in s and isinstance(v, str) and not re.search(s['pattern'], v):
        errs.append(f'{path}: {json.dumps(v)} does not match {s["pattern"]}')
    if isinstance(v, dict):
        for k in s.get('required', []):
            if k not in v:
                errs.append(f'{path}: missing "{k}"')
        props = s.get('properties', {})
        for k, sub in v.items():
            if k in props:
                check(sub, props[k], f'{path}.{k}', errs)
            elif s.get('additionalProperties') is False:
                errs.append(f'{path}: unexpected "{k}"')
    if isinstance(v, list) and 'items' in s:
        for i, sub in enumerate(v):
            check(sub, s['items'], f'{path}[{i}]', errs)


def main():
    schema = json.load(open(sys.argv[1]))
    try:
        doc = json.load(open(sys.argv[2]) if len(sys.argv) > 2 else sys.stdin)
    except ValueError as e:
        print(f'not JSON: {e}')
        return 1
    errs = []
    check(doc, schema, '$', errs)
    for e in errs:
        print(e)
    return 1 if errs else 0


sys.exit(main())

// Request bodies read as the platform's serializers read them: DRF's messages, codes and the envelope's parts.
import fc from 'fast-check'
import t from 'tap'
import { booleanField, choiceField, envelopeParts, parseUuid, uuidListField, validateBody, validateEmptyBody, type SerializerSpec } from '../../src/domain/drf-fields.js'

interface Body { kind: 'a' | 'b'; ids: string[]; all: boolean }
const SPEC: SerializerSpec<Body> = {
  strict: false,
  fields: { kind: choiceField(['a', 'b'] as const, true), ids: uuidListField(false), all: booleanField(false, false) },
  validate: (data) => (data.all || data.ids.length > 0 ? null : 'ids or all')
}
const STRICT: SerializerSpec<Body> = { ...SPEC, strict: true }
const ID = '11111111-1111-4111-8111-111111111111'

const cases: Array<[string, SerializerSpec<Body>, unknown, ReturnType<typeof envelopeParts> | Body]> = [
  ['a valid body, defaults filled', SPEC, { kind: 'a', all: 'true' }, { kind: 'a', ids: [], all: true }],
  ['ids in any form Python reads', SPEC, { kind: 'b', ids: [ID.toUpperCase().replaceAll('-', '')] }, { kind: 'b', ids: [ID], all: false }],
  ['a missing required field', SPEC, { all: true }, { message: 'kind: This field is required.', code: 'required', attr: 'kind', details: { kind: ['This field is required.'] } }],
  ['the serializer\'s own check', SPEC, { kind: 'a' }, { message: 'ids or all', code: 'invalid', attr: null, details: { non_field_errors: ['ids or all'] } }],
  ['a bad item of a list', SPEC, { kind: 'a', ids: [ID, 'x'] }, { message: 'ids: 1: Must be a valid UUID.', code: 'invalid', attr: 'ids', details: { ids: ['1: Must be a valid UUID.'] } }],
  ['not a list', SPEC, { kind: 'a', ids: 'x' }, { message: 'ids: Expected a list of items but got type "str".', code: 'not_a_list', attr: 'ids', details: { ids: ['Expected a list of items but got type "str".'] } }],
  ['field errors, then unknown keys', SPEC, { kind: 'c', z: 1, y: 2 }, {
    message: 'kind: "c" is not a valid choice.; y: Unknown field.; z: Unknown field.',
    code: 'invalid_choice',
    attr: 'kind',
    details: { kind: ['"c" is not a valid choice.'], y: ['Unknown field.'], z: ['Unknown field.'] }
  }],
  ['a strict serializer names only the unknown keys', STRICT, { kind: 'c', z: 1 }, { message: 'z: Unknown field.', code: 'invalid', attr: 'z', details: { z: ['Unknown field.'] } }],
  ['no data', SPEC, null, { message: 'No data provided', code: 'null', attr: null, details: { non_field_errors: ['No data provided'] } }],
  ['a list for a body', SPEC, [], { message: 'Invalid data. Expected a dictionary, but got list.', code: 'invalid', attr: null, details: { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] } }]
]

for (const [title, spec, body, expected] of cases) {
  t.test(title, async (t) => {
    const result = validateBody(spec, body)
    t.same(result.ok ? result.data : envelopeParts(result.errors), expected)
  })
}

t.test('an empty body is the only one a body-less view takes', async (t) => {
  for (const body of [undefined, null, '', {}, []]) t.ok(validateEmptyBody(body).ok, JSON.stringify(body))
  const refused = validateEmptyBody({ b: 1, a: 2 })
  t.same(refused.ok ? null : envelopeParts(refused.errors), {
    message: 'This endpoint does not accept a request body.',
    code: 'invalid',
    attr: 'a',
    details: { non_field_errors: ['This endpoint does not accept a request body.'], a: ['Unknown field.'], b: ['Unknown field.'] }
  })
})

t.test('a UUID reads back to its lowercase hyphenated form whatever its spelling', async (t) => {
  fc.assert(fc.property(fc.uuid(), fc.boolean(), fc.boolean(), (id, upper, bare) => {
    let text = upper ? id.toUpperCase() : id
    if (bare) text = text.replaceAll('-', '')
    return parseUuid(text) === id.toLowerCase()
  }))
  t.equal(parseUuid('not-a-uuid'), null)
})

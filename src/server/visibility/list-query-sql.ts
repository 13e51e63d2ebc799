/**
 * Compiles a List Filter into a parameterised SQLite WHERE clause (and ORDER BY) over the `executions`
 * table: resolves attribute names, checks each operator and value against the attribute's type, and
 * binds every value as a parameter. Null semantics follow Temporal's SQL visibility stores: a comparison
 * with an absent scalar attribute is false both ways, while KeywordList and Text conditions (full-text
 * matches there) treat an absent attribute as containing nothing, so `!=` / NOT IN include it.
 */
import {
  type AttributeReference,
  type FilterExpression,
  type ListQuerySyntax,
  type Literal,
  parseListQuery,
} from './list-query-parser';
import {
  buildSearchAttributeCatalog,
  type ResolvedSearchAttribute,
  type SearchAttributeDefinition,
  type SearchAttributeType,
} from './search-attribute-catalog';
import { ListQueryError } from './list-query-tokenizer';

export type SqlParameter = string | number;

export interface CompiledListQuery {
  /** A boolean SQL expression, safe to join to other conditions with AND; `1=1` when nothing is filtered. */
  readonly where: string;
  /** Values for the `?` placeholders of `where`, in order. */
  readonly params: SqlParameter[];
  /** The ORDER BY list, without the keywords; always ends in a unique column so pages are stable. */
  readonly orderBy: string;
  /** Set by `GROUP BY ExecutionStatus`, which only CountWorkflowExecutions accepts. */
  readonly groupBy?: 'ExecutionStatus';
}

/**
 * Newest first. Temporal's own default is `CloseTime DESC NULLS FIRST, StartTime DESC` (running
 * executions first); the dev server orders by start time alone so that keyset pagination needs one
 * column, not a COALESCE over close_time.
 */
export const DEFAULT_ORDER_BY = 'start_time DESC, run_id DESC';

const UNIQUE_TIE_BREAKER = { attribute: 'RunId', sql: 'run_id DESC' } as const;

/** @throws ListQueryError naming the problem and its 1-based position in `query`. */
export function compileListQuery(
  query: string,
  customAttributes: readonly SearchAttributeDefinition[] = [],
): CompiledListQuery {
  const syntax = parseListQuery(query);
  return new SqlCompiler(buildSearchAttributeCatalog(customAttributes)).compile(syntax);
}

type Operation = 'equality' | 'ordering' | 'in' | 'between' | 'startsWith';

const OPERATION_LABEL: Record<Operation, string> = {
  equality: '= and !=',
  ordering: '<, <=, > and >=',
  in: 'IN',
  between: 'BETWEEN',
  startsWith: 'STARTS_WITH',
};

/** Which operations each type allows, as Temporal's query converter does; IS [NOT] NULL works on every type. */
const OPERATIONS_BY_TYPE: Record<SearchAttributeType, ReadonlySet<Operation>> = {
  Keyword: new Set(['equality', 'ordering', 'in', 'between', 'startsWith']),
  KeywordList: new Set(['equality', 'in']),
  Text: new Set(['equality']),
  Int: new Set(['equality', 'ordering', 'in', 'between']),
  Double: new Set(['equality', 'ordering', 'in', 'between']),
  Datetime: new Set(['equality', 'ordering', 'in', 'between']),
  Bool: new Set(['equality', 'in']),
};

/** ExecutionStatus is a Keyword holding a name; ordering statuses by name or code would mean nothing. */
const ENUM_OPERATIONS: ReadonlySet<Operation> = new Set(['equality', 'in']);

/**
 * Text attributes match whole words, case-insensitively (for ASCII), like Temporal's tokenised Text
 * search: the value and the query are split at whitespace and ASCII punctuation, and any query word
 * found among the stored words is a match. SQLite has no regex, so the stored value is normalised with
 * nested REPLACEs. Words never contain `%`, `_` or `\`, so they are safe inside a LIKE pattern.
 */
const TEXT_SEPARATORS = ['\t', '\n', '\r', ...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];
const TEXT_SEPARATOR_PATTERN = new RegExp(
  `[ ${TEXT_SEPARATORS.map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]+`,
);

class SqlCompiler {
  private readonly params: SqlParameter[] = [];

  constructor(private readonly catalog: ReadonlyMap<string, ResolvedSearchAttribute>) {}

  compile(syntax: ListQuerySyntax): CompiledListQuery {
    const where = syntax.filter === undefined ? '1=1' : this.filter(syntax.filter);
    const orderBy = this.orderBy(syntax);
    const groupBy = this.groupBy(syntax.groupBy);
    return groupBy === undefined
      ? { where, params: this.params, orderBy }
      : { where, params: this.params, orderBy, groupBy };
  }

  private filter(expression: FilterExpression): string {
    switch (expression.kind) {
      case 'and':
      case 'or':
        return `(${expression.operands.map((operand) => this.filter(operand)).join(expression.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `NOT (${this.filter(expression.operand)})`;
      case 'isNull': {
        const attribute = this.resolve(expression.attribute);
        return `${valueExpression(attribute)} IS ${expression.negated ? 'NOT ' : ''}NULL`;
      }
      case 'comparison': {
        const { operator } = expression;
        const attribute = this.resolve(expression.attribute);
        const equality = operator === '=' || operator === '!=';
        this.check(attribute, equality ? 'equality' : 'ordering', expression.attribute, operator);
        const value = this.bind(attribute, expression.value);
        if (attribute.type === 'KeywordList') return listContains(attribute, `= ${value}`, operator === '!=');
        if (attribute.type === 'Text') return textMatches(attribute, value, operator === '!=');
        return `${valueExpression(attribute)} ${operator} ${value}`;
      }
      case 'in': {
        const attribute = this.resolve(expression.attribute);
        this.check(attribute, 'in', expression.attribute, expression.negated ? 'NOT IN' : 'IN');
        const list = `(${expression.values.map((value) => this.bind(attribute, value)).join(', ')})`;
        if (attribute.type === 'KeywordList') return listContains(attribute, `IN ${list}`, expression.negated);
        return `${valueExpression(attribute)} ${expression.negated ? 'NOT IN' : 'IN'} ${list}`;
      }
      case 'between': {
        const attribute = this.resolve(expression.attribute);
        this.check(attribute, 'between', expression.attribute, expression.negated ? 'NOT BETWEEN' : 'BETWEEN');
        const low = this.bind(attribute, expression.low);
        const high = this.bind(attribute, expression.high);
        return `${valueExpression(attribute)} ${expression.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${low} AND ${high}`;
      }
      case 'startsWith': {
        const attribute = this.resolve(expression.attribute);
        this.check(
          attribute,
          'startsWith',
          expression.attribute,
          expression.negated ? 'NOT STARTS_WITH' : 'STARTS_WITH',
        );
        const prefix = expectString(attribute, expression.prefix);
        // SQLite's LIKE ignores ASCII case and Keywords are case-sensitive, so compare the leading
        // characters exactly; the lower bound lets an index on the column narrow the scan.
        this.params.push(prefix, [...prefix].length, prefix);
        const column = valueExpression(attribute);
        const condition = `(${column} >= ? AND substr(${column}, 1, ?) = ?)`;
        return expression.negated ? `NOT ${condition}` : condition;
      }
    }
  }

  private orderBy(syntax: ListQuerySyntax): string {
    if (syntax.orderBy.length === 0) return DEFAULT_ORDER_BY;
    const items = syntax.orderBy.map(({ attribute: reference, direction }) => {
      const attribute = this.resolve(reference);
      if (attribute.type === 'Text' || attribute.type === 'KeywordList') {
        throw new ListQueryError(
          `cannot ORDER BY "${attribute.name}": ${attribute.type} attributes are not sortable`,
          reference.position,
        );
      }
      return `${valueExpression(attribute)} ${direction}`;
    });
    if (!syntax.orderBy.some(({ attribute }) => attribute.name === UNIQUE_TIE_BREAKER.attribute))
      items.push(UNIQUE_TIE_BREAKER.sql);
    return items.join(', ');
  }

  private groupBy(references: readonly AttributeReference[]): 'ExecutionStatus' | undefined {
    if (references.length === 0) return undefined;
    if (references.length > 1) throw new ListQueryError('GROUP BY takes a single attribute', references[1]!.position);
    const attribute = this.resolve(references[0]!);
    if (attribute.name !== 'ExecutionStatus') {
      throw new ListQueryError(
        `GROUP BY supports only ExecutionStatus, not "${attribute.name}"`,
        references[0]!.position,
      );
    }
    return 'ExecutionStatus';
  }

  private resolve(reference: AttributeReference): ResolvedSearchAttribute {
    const attribute = this.catalog.get(reference.name);
    if (attribute === undefined)
      throw new ListQueryError(`unknown search attribute "${reference.name}"`, reference.position);
    return attribute;
  }

  private check(
    attribute: ResolvedSearchAttribute,
    operation: Operation,
    reference: AttributeReference,
    operator: string,
  ): void {
    const allowed = attribute.enumValues ? ENUM_OPERATIONS : OPERATIONS_BY_TYPE[attribute.type];
    if (allowed.has(operation)) return;
    const supported = [...allowed].map((allowedOperation) => OPERATION_LABEL[allowedOperation]).concat('IS NULL');
    throw new ListQueryError(
      `operator ${operator} is not supported for search attribute "${attribute.name}" of type ${attribute.type} (it supports ${supported.join(', ')})`,
      reference.position,
    );
  }

  /** Converts a literal to the attribute's stored representation, binds it and returns its placeholder. */
  private bind(attribute: ResolvedSearchAttribute, literal: Literal): string {
    if (attribute.type === 'Text') {
      const words = expectString(attribute, literal)
        .split(TEXT_SEPARATOR_PATTERN)
        .filter((word) => word !== '');
      if (words.length === 0)
        throw new ListQueryError(`Text value for "${attribute.name}" has no words to match`, literal.position);
      this.params.push(JSON.stringify(words));
    } else {
      this.params.push(storedValue(attribute, literal));
    }
    return '?';
  }
}

function storedValue(attribute: ResolvedSearchAttribute, literal: Literal): SqlParameter {
  if (attribute.enumValues) return enumValue(attribute, attribute.enumValues, literal);
  switch (attribute.type) {
    case 'Keyword':
    case 'KeywordList':
    case 'Text':
      return expectString(attribute, literal);
    case 'Int':
    case 'Double': {
      if (literal.kind !== 'number' || !Number.isFinite(literal.value)) throw wrongType(attribute, literal, 'a number');
      if (attribute.type === 'Int' && /^[+-]?\d+$/.test(literal.text) && !Number.isSafeInteger(literal.value)) {
        throw new ListQueryError(
          `integer ${literal.text} for "${attribute.name}" is too large to compare exactly`,
          literal.position,
        );
      }
      return literal.value;
    }
    case 'Bool':
      if (literal.kind !== 'bool') throw wrongType(attribute, literal, 'true or false');
      return literal.value ? 1 : 0; // json_extract reads JSON true/false as 1/0
    case 'Datetime':
      return datetimeMillis(attribute, literal);
  }
}

function enumValue(
  attribute: ResolvedSearchAttribute,
  codes: Readonly<Record<string, number>>,
  literal: Literal,
): number {
  if (literal.kind === 'string' && Object.hasOwn(codes, literal.value)) return codes[literal.value]!;
  // Temporal also accepts the enum's number.
  if (literal.kind === 'number' && Object.values(codes).includes(literal.value)) return literal.value;
  const names = Object.keys(codes).join(', ');
  const found = literal.kind === 'string' ? JSON.stringify(literal.value) : describeLiteral(literal);
  throw new ListQueryError(`invalid ${attribute.name} ${found}; expected one of ${names}`, literal.position);
}

/** The instant as ms since the epoch, fractional below a millisecond, from an RFC 3339 string or Unix nanoseconds. */
function datetimeMillis(attribute: ResolvedSearchAttribute, literal: Literal): number {
  if (literal.kind === 'number' && /^[+-]?\d+$/.test(literal.text)) {
    const nanos = BigInt(literal.text.replace(/^\+/, ''));
    return Number(nanos / 1_000_000n) + Number(nanos % 1_000_000n) / 1e6;
  }
  if (literal.kind !== 'string') throw wrongType(attribute, literal, 'an RFC 3339 time such as "2024-01-01T00:00:00Z"');
  const millis = parseRfc3339(literal.value);
  if (millis === undefined) {
    throw new ListQueryError(
      `invalid ${attribute.name} time ${JSON.stringify(literal.value)}; expected RFC 3339 such as "2024-01-01T00:00:00Z"`,
      literal.position,
    );
  }
  return millis;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

export function parseRfc3339(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetMinutes =
    match[8] === undefined ? 0 : (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10]));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
    return undefined;
  if (Number(match[9] ?? 0) > 23 || Number(match[10] ?? 0) > 59) return undefined;
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const nanos = Number((match[7] ?? '').padEnd(9, '0'));
  return date.getTime() + nanos / 1e6 - offsetMinutes * 60_000;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leapYear ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function expectString(attribute: ResolvedSearchAttribute, literal: Literal): string {
  if (literal.kind !== 'string') throw wrongType(attribute, literal, 'a quoted string');
  return literal.value;
}

function wrongType(attribute: ResolvedSearchAttribute, literal: Literal, expected: string): ListQueryError {
  return new ListQueryError(
    `invalid value for search attribute "${attribute.name}" of type ${attribute.type}: expected ${expected} but found ${describeLiteral(literal)}`,
    literal.position,
  );
}

function describeLiteral(literal: Literal): string {
  if (literal.kind === 'string') return `string ${JSON.stringify(literal.value)}`;
  if (literal.kind === 'number') return `number ${literal.text}`;
  return String(literal.value);
}

/** The SQL expression reading an attribute's value: its column, or its key in the JSON object. */
function valueExpression(attribute: ResolvedSearchAttribute): string {
  return attribute.storage.kind === 'column'
    ? attribute.storage.column
    : `json_extract(search_attributes, ${jsonPath(attribute.storage.key)})`;
}

/** A SQL string literal holding the JSON path of a key; the catalog has refused keys with `"`, `\` or controls. */
function jsonPath(key: string): string {
  return `'$."${key.replace(/'/g, "''")}"'`;
}

/** Whether a KeywordList holds any value satisfying `condition`; an absent list holds nothing. */
function listContains(attribute: ResolvedSearchAttribute, condition: string, negated: boolean): string {
  if (attribute.storage.kind !== 'json')
    throw new Error(`KeywordList attribute "${attribute.name}" must be stored in search_attributes`);
  const exists = `EXISTS (SELECT 1 FROM json_each(search_attributes, ${jsonPath(attribute.storage.key)}) WHERE value ${condition})`;
  return negated ? `NOT ${exists}` : exists;
}

/** Whether any word of the JSON array of words bound to `placeholder` is a word of the Text value; see TEXT_SEPARATORS. */
function textMatches(attribute: ResolvedSearchAttribute, placeholder: string, negated: boolean): string {
  const words = TEXT_SEPARATORS.reduce(
    // char(n) rather than quoted literals: no quoting rules to get right, and no stray '?' in the SQL.
    (expression, char) => `REPLACE(${expression}, char(${char.charCodeAt(0)}), ' ')`,
    valueExpression(attribute),
  );
  const exists = `EXISTS (SELECT 1 FROM json_each(${placeholder}) WHERE ' ' || ${words} || ' ' LIKE '% ' || json_each.value || ' %')`;
  return negated ? `NOT ${exists}` : exists;
}

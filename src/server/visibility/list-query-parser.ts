/**
 * Parses a List Filter into a syntax tree. Only syntax is checked here; whether attributes exist and
 * values fit their types is decided when the tree is compiled to SQL (list-query-sql.ts).
 *
 * Grammar (keywords case-insensitive, attribute names case-sensitive):
 *   query      := [or] [GROUP BY name {, name}] [ORDER BY name [ASC|DESC] {, name [ASC|DESC]}]
 *   or         := and {OR and}
 *   and        := not {AND not}
 *   not        := NOT not | '(' or ')' | predicate
 *   predicate  := name ( comparison value | [NOT] IN '(' value {, value} ')'
 *                      | [NOT] BETWEEN value AND value | [NOT] STARTS_WITH value | IS [NOT] NULL )
 *   value      := string | number | TRUE | FALSE
 * Temporal's documentation lists AND, OR and parentheses but not a prefix NOT; its server accepts one
 * (the query converter builds a negation for it), so it is supported here too.
 */
import { type ComparisonOperator, ListQueryError, type Token, tokenizeListQuery } from './list-query-tokenizer';

export interface AttributeReference {
  readonly name: string;
  readonly position: number;
}

export type Literal =
  | { readonly kind: 'string'; readonly value: string; readonly position: number }
  | { readonly kind: 'number'; readonly text: string; readonly value: number; readonly position: number }
  | { readonly kind: 'bool'; readonly value: boolean; readonly position: number };

export type FilterExpression =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly FilterExpression[] }
  | { readonly kind: 'not'; readonly operand: FilterExpression; readonly position: number }
  | {
      readonly kind: 'comparison';
      readonly attribute: AttributeReference;
      readonly operator: ComparisonOperator;
      readonly value: Literal;
    }
  | {
      readonly kind: 'in';
      readonly attribute: AttributeReference;
      readonly negated: boolean;
      readonly values: readonly Literal[];
    }
  | {
      readonly kind: 'between';
      readonly attribute: AttributeReference;
      readonly negated: boolean;
      readonly low: Literal;
      readonly high: Literal;
    }
  | {
      readonly kind: 'startsWith';
      readonly attribute: AttributeReference;
      readonly negated: boolean;
      readonly prefix: Literal;
    }
  | { readonly kind: 'isNull'; readonly attribute: AttributeReference; readonly negated: boolean };

export interface OrderByItem {
  readonly attribute: AttributeReference;
  readonly direction: 'ASC' | 'DESC';
}

export interface ListQuerySyntax {
  /** Absent when the query has no filter (empty, or only GROUP BY / ORDER BY). */
  readonly filter?: FilterExpression;
  readonly groupBy: readonly AttributeReference[];
  readonly orderBy: readonly OrderByItem[];
}

/** Words that cannot be bare attribute names; backticks make any of them usable as one. */
const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'BETWEEN',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
  'STARTS_WITH',
]);

/** SQL operators people reach for that List Filters do not have. */
const UNSUPPORTED_OPERATOR_WORDS: ReadonlySet<string> = new Set([
  'LIKE',
  'ILIKE',
  'REGEXP',
  'RLIKE',
  'GLOB',
  'MATCH',
  'SIMILAR',
  'SOUNDS',
]);

/** SQL clauses people reach for that List Filters do not have. */
const UNSUPPORTED_CLAUSE_WORDS: ReadonlySet<string> = new Set(['LIMIT', 'OFFSET', 'HAVING', 'WHERE', 'SELECT', 'FROM']);

export function parseListQuery(query: string): ListQuerySyntax {
  return new Parser(tokenizeListQuery(query)).parseQuery();
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseQuery(): ListQuerySyntax {
    const first = this.peek();
    if (
      first.kind === 'word' &&
      ['WHERE', 'SELECT'].includes(first.text.toUpperCase()) &&
      this.peek(1).kind !== 'operator'
    ) {
      throw new ListQueryError(
        `a List Filter is only the condition; leave out ${first.text.toUpperCase()}`,
        first.position,
      );
    }
    const filter =
      this.atClauseStart('GROUP') || this.atClauseStart('ORDER') || this.peek().kind === 'end'
        ? undefined
        : this.parseOr();

    const groupBy: AttributeReference[] = [];
    if (this.atClauseStart('GROUP')) {
      this.index += 2;
      do groupBy.push(this.parseAttribute('after GROUP BY'));
      while (this.acceptPunctuation(','));
    }

    const orderBy: OrderByItem[] = [];
    if (this.atClauseStart('ORDER')) {
      this.index += 2;
      do orderBy.push(this.parseOrderByItem());
      while (this.acceptPunctuation(','));
    }

    const token = this.peek();
    if (token.kind !== 'end') {
      if (token.kind === 'word' && UNSUPPORTED_CLAUSE_WORDS.has(token.text.toUpperCase())) {
        throw new ListQueryError(`${token.text.toUpperCase()} is not supported in a List Filter`, token.position);
      }
      if (this.atClauseStart('GROUP') && orderBy.length > 0) {
        throw new ListQueryError('GROUP BY must come before ORDER BY', token.position);
      }
      const expected =
        orderBy.length > 0 ? '",", ASC, DESC' : groupBy.length > 0 ? 'ORDER BY' : 'AND, OR, GROUP BY, ORDER BY';
      throw new ListQueryError(
        `unexpected ${describe(token)}; expected ${expected} or the end of the query`,
        token.position,
      );
    }
    return filter === undefined ? { groupBy, orderBy } : { filter, groupBy, orderBy };
  }

  private parseOr(): FilterExpression {
    const operands = [this.parseAnd()];
    while (this.acceptKeyword('OR')) operands.push(this.parseAnd());
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  }

  private parseAnd(): FilterExpression {
    const operands = [this.parseNot()];
    while (this.acceptKeyword('AND')) operands.push(this.parseNot());
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  }

  private parseNot(): FilterExpression {
    const token = this.peek();
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.parseNot(), position: token.position };
    if (this.acceptPunctuation('(')) {
      const inner = this.parseOr();
      this.expectPunctuation(')', 'to close the parenthesis');
      return inner;
    }
    return this.parsePredicate();
  }

  private parsePredicate(): FilterExpression {
    const attribute = this.parseAttribute('where a condition should start');
    const token = this.peek();

    if (token.kind === 'operator') {
      this.index += 1;
      return {
        kind: 'comparison',
        attribute,
        operator: token.operator,
        value: this.parseValue(`after ${token.operator}`),
      };
    }
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT');
      if (!this.acceptKeyword('NULL')) {
        const found = this.peek();
        throw new ListQueryError(
          `expected NULL after IS${negated ? ' NOT' : ''} but found ${describe(found)}`,
          found.position,
        );
      }
      return { kind: 'isNull', attribute, negated };
    }

    const negated = this.acceptKeyword('NOT');
    if (this.acceptKeyword('IN')) {
      this.expectPunctuation('(', 'after IN');
      const values = [this.parseValue('in the IN list')];
      while (this.acceptPunctuation(',')) values.push(this.parseValue('in the IN list'));
      this.expectPunctuation(')', 'to close the IN list');
      return { kind: 'in', attribute, negated, values };
    }
    if (this.acceptKeyword('BETWEEN')) {
      const low = this.parseValue('after BETWEEN');
      if (!this.acceptKeyword('AND')) {
        const found = this.peek();
        throw new ListQueryError(
          `expected AND after the BETWEEN lower bound but found ${describe(found)}`,
          found.position,
        );
      }
      return { kind: 'between', attribute, negated, low, high: this.parseValue('after BETWEEN ... AND') };
    }
    if (this.acceptKeyword('STARTS_WITH')) {
      return { kind: 'startsWith', attribute, negated, prefix: this.parseValue('after STARTS_WITH') };
    }

    const found = this.peek();
    if (found.kind === 'word' && UNSUPPORTED_OPERATOR_WORDS.has(found.text.toUpperCase())) {
      const operator = `${negated ? 'NOT ' : ''}${found.text.toUpperCase()}`;
      throw new ListQueryError(
        `operator ${operator} is not supported (List Filters support =, !=, <, <=, >, >=, IN, BETWEEN, STARTS_WITH, IS NULL)`,
        found.position,
      );
    }
    const expected = negated
      ? `IN, BETWEEN or STARTS_WITH after "${attribute.name} NOT"`
      : `an operator after "${attribute.name}"`;
    throw new ListQueryError(`expected ${expected} but found ${describe(found)}`, found.position);
  }

  private parseOrderByItem(): OrderByItem {
    const attribute = this.parseAttribute('after ORDER BY');
    if (this.acceptKeyword('DESC')) return { attribute, direction: 'DESC' };
    this.acceptKeyword('ASC');
    return { attribute, direction: 'ASC' };
  }

  private parseAttribute(where: string): AttributeReference {
    const token = this.peek();
    if (token.kind === 'quotedName') {
      this.index += 1;
      return { name: token.text, position: token.position };
    }
    if (token.kind === 'word' && !RESERVED_WORDS.has(token.text.toUpperCase())) {
      this.index += 1;
      return { name: token.text, position: token.position };
    }
    throw new ListQueryError(`expected a search attribute name ${where} but found ${describe(token)}`, token.position);
  }

  private parseValue(where: string): Literal {
    const token = this.peek();
    this.index += 1;
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value, position: token.position };
      case 'number':
        return { kind: 'number', text: token.text, value: Number(token.text), position: token.position };
      case 'word': {
        const upper = token.text.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE')
          return { kind: 'bool', value: upper === 'TRUE', position: token.position };
        if (upper === 'NULL')
          throw new ListQueryError('NULL cannot be compared with; use IS NULL or IS NOT NULL', token.position);
        throw new ListQueryError(
          `expected a value ${where} but found "${token.text}" (quote string values)`,
          token.position,
        );
      }
      case 'quotedName':
        throw new ListQueryError(
          `expected a value ${where} but found \`${token.text}\` (string values take single or double quotes)`,
          token.position,
        );
      default:
        throw new ListQueryError(`expected a value ${where} but found ${describe(token)}`, token.position);
    }
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'word' && token.text.toUpperCase() === keyword;
  }

  /** ORDER and GROUP are clause keywords only when followed by BY, so attributes may still bear those names. */
  private atClauseStart(keyword: 'GROUP' | 'ORDER'): boolean {
    return this.isKeyword(this.peek(), keyword) && this.isKeyword(this.peek(1), 'BY');
  }

  private acceptKeyword(keyword: string): boolean {
    if (!this.isKeyword(this.peek(), keyword)) return false;
    this.index += 1;
    return true;
  }

  private acceptPunctuation(text: '(' | ')' | ','): boolean {
    const token = this.peek();
    if (token.kind !== 'punctuation' || token.text !== text) return false;
    this.index += 1;
    return true;
  }

  private expectPunctuation(text: '(' | ')', why: string): void {
    if (this.acceptPunctuation(text)) return;
    const found = this.peek();
    throw new ListQueryError(`expected "${text}" ${why} but found ${describe(found)}`, found.position);
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'word':
      return RESERVED_WORDS.has(token.text.toUpperCase()) ? token.text.toUpperCase() : `"${token.text}"`;
    case 'quotedName':
      return `\`${token.text}\``;
    case 'string':
      return `string ${JSON.stringify(token.value)}`;
    case 'number':
      return `number ${token.text}`;
    case 'operator':
      return `"${token.operator}"`;
    case 'punctuation':
      return `"${token.text}"`;
    case 'end':
      return 'the end of the query';
  }
}

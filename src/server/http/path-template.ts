/**
 * grpc-gateway path templates (google.api.http): `/api/v1/namespaces/{namespace}/workflows/{execution.workflow_id}`.
 * A variable matches one path segment, or the rest of the path for `{name=**}`; each segment is percent-decoded on
 * its own, so an id containing "/" arrives whole when the UI encodes it as %2F.
 */

export interface TemplateSegment {
  literal?: string;
  /** Field path of a variable, e.g. ['execution', 'workflow_id']. */
  variable?: string[];
  /** The variable takes every remaining segment (`{name=**}`). */
  rest?: boolean;
}

export interface PathTemplate {
  readonly text: string;
  readonly segments: TemplateSegment[];
  /** Literal segments, to prefer the more specific of two matching templates. */
  readonly literalCount: number;
}

export function parsePathTemplate(text: string): PathTemplate {
  const segments = text
    .replace(/^\//, '')
    .split('/')
    .map((part): TemplateSegment => {
      const variable = /^\{([^}=]+)(?:=([^}]*))?\}$/.exec(part);
      if (!variable) return { literal: part };
      return { variable: variable[1]!.split('.'), rest: variable[2] === '**' };
    });
  return { text, segments, literalCount: segments.filter((segment) => segment.literal !== undefined).length };
}

export type PathParams = Map<string[], string>;

/** The variables of `template` in `rawPath` (not yet percent-decoded), or undefined when it does not match. */
export function matchPathTemplate(template: PathTemplate, rawPath: string): PathParams | undefined {
  const parts = rawPath.replace(/^\//, '').split('/');
  const params: PathParams = new Map();
  let index = 0;
  for (const segment of template.segments) {
    if (segment.rest) {
      if (index >= parts.length) return undefined;
      params.set(segment.variable!, parts.slice(index).map(decodeSegment).join('/'));
      index = parts.length;
      continue;
    }
    const part = parts[index++];
    if (part === undefined) return undefined;
    if (segment.literal !== undefined) {
      if (decodeSegment(part) !== segment.literal) return undefined;
    } else {
      if (part === '') return undefined;
      params.set(segment.variable!, decodeSegment(part));
    }
  }
  return index === parts.length ? params : undefined;
}

/** Percent-decoding of one segment; a malformed escape is a bad request, not a crash. */
export class MalformedPathError extends Error {
  override readonly name = 'MalformedPathError';
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new MalformedPathError(`malformed percent-encoding in path segment "${part}"`);
  }
}

/** Query depth and complexity limits, checked the same way for HTTP and WebSocket operations. */
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

export interface Limits {
  maxDepth: number;
  maxComplexity: number;
}

/** Lists cost their page size (`first`) times what each item selects. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) =>
  typeof args.first === 'number' ? 1 + args.first * childComplexity : undefined;

export function checkLimits(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, limits: Limits, operationName?: string | null): GraphQLError[] {
  const depth = queryDepth(document);
  if (depth > limits.maxDepth) {
    return [new GraphQLError(`The query is ${depth} levels deep; at most ${limits.maxDepth} are allowed.`, { extensions: { code: 'QUERY_TOO_DEEP', http: { status: 400 } } })];
  }
  let complexity: number;
  try {
    complexity = getComplexity({ schema, query: document, variables: variables ?? {}, operationName: operationName ?? undefined, estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })] });
  } catch {
    return []; // invalid documents are reported by validation
  }
  if (complexity > limits.maxComplexity) {
    return [new GraphQLError(`The query costs ${complexity}; at most ${limits.maxComplexity} is allowed. Ask for smaller pages or fewer fields.`, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } })];
  }
  return [];
}

/** The deepest selection in any operation, following fragments (cycles are cut; validation reports them). */
export function queryDepth(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) max = Math.max(max, sel.selectionSet ? 1 + depthOf(sel.selectionSet, seen) : 1);
      else if (sel.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(sel.selectionSet, seen));
      else if (!seen.has(sel.name.value)) {
        const fragment = fragments.get(sel.name.value);
        max = Math.max(max, depthOf(fragment?.selectionSet, new Set([...seen, sel.name.value])));
      }
    }
    return max;
  };
  let deepest = 0;
  for (const def of document.definitions) if (def.kind === Kind.OPERATION_DEFINITION) deepest = Math.max(deepest, depthOf(def.selectionSet, new Set()));
  return deepest;
}

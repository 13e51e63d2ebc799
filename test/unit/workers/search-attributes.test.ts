/** What registration does against servers that refuse it, or that another process raced: the embedded server is covered by integration tests. */
import type { OperatorService } from '@temporalio/client';
import { registerSteadfastSearchAttributes } from '../../../src/workers/search-attributes';

function operator(overrides: Partial<Record<'listSearchAttributes' | 'addSearchAttributes', jest.Mock>>): {
  operatorService: OperatorService;
} {
  return {
    operatorService: {
      listSearchAttributes: overrides.listSearchAttributes ?? jest.fn().mockResolvedValue({ customAttributes: {} }),
      addSearchAttributes: overrides.addSearchAttributes ?? jest.fn().mockResolvedValue({}),
    } as unknown as OperatorService,
  };
}

describe('registerSteadfastSearchAttributes', () => {
  it('logs one warning and goes on when the server refuses', async () => {
    const warnings: string[] = [];
    const refused = Object.assign(new Error('7 PERMISSION_DENIED: Request unauthorized.'), { code: 7 });
    const result = await registerSteadfastSearchAttributes(
      operator({ addSearchAttributes: jest.fn().mockRejectedValue(refused) }),
      'prod',
      { warn: (line) => warnings.push(line) },
    );
    expect(result).toEqual({ added: [], present: [], refused: '7 PERMISSION_DENIED: Request unauthorized.' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      'could not register search attributes SteadfastStatus, SteadfastCurrentAgent, SteadfastFallbackCount, ' +
        'SteadfastLlmTokens, SteadfastLlmCostUsd in namespace "prod"',
    );
  });

  it('treats "already exists" from a concurrent registration as success', async () => {
    const raced = Object.assign(new Error('6 ALREADY_EXISTS'), { code: 6 });
    const warn = jest.fn();
    const result = await registerSteadfastSearchAttributes(
      operator({ addSearchAttributes: jest.fn().mockRejectedValue(raced) }),
      'default',
      { warn },
    );
    expect(result.refused).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it('adds only what is missing, and warns about an attribute registered with another type', async () => {
    const add = jest.fn().mockResolvedValue({});
    const warn = jest.fn();
    const result = await registerSteadfastSearchAttributes(
      operator({
        listSearchAttributes: jest
          .fn()
          .mockResolvedValue({ customAttributes: { SteadfastStatus: 2, SteadfastFallbackCount: 1 } }),
        addSearchAttributes: add,
      }),
      'default',
      { warn },
    );
    expect(result).toEqual({
      added: ['SteadfastCurrentAgent', 'SteadfastLlmTokens', 'SteadfastLlmCostUsd'],
      present: ['SteadfastStatus', 'SteadfastFallbackCount'],
    });
    expect(add).toHaveBeenCalledWith({
      namespace: 'default',
      searchAttributes: { SteadfastCurrentAgent: 2, SteadfastLlmTokens: 3, SteadfastLlmCostUsd: 4 },
    });
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'SteadfastFallbackCount is registered in namespace "default" with another type (INDEXED_VALUE_TYPE_TEXT)',
      ),
    );
  });
});

import {
  buildSearchAttributeCatalog,
  BUILT_IN_SEARCH_ATTRIBUTES,
  type SearchAttributeType,
} from '../../../../src/server/visibility/search-attribute-catalog';

describe('buildSearchAttributeCatalog', () => {
  it('holds the built-in attributes with their types', () => {
    const catalog = buildSearchAttributeCatalog([]);
    const types = Object.fromEntries([...catalog.values()].map((attribute) => [attribute.name, attribute.type]));
    expect(types).toEqual({
      WorkflowId: 'Keyword',
      RunId: 'Keyword',
      WorkflowType: 'Keyword',
      TaskQueue: 'Keyword',
      ExecutionStatus: 'Keyword',
      StartTime: 'Datetime',
      ExecutionTime: 'Datetime',
      CloseTime: 'Datetime',
      HistoryLength: 'Int',
      ParentWorkflowId: 'Keyword',
      ParentRunId: 'Keyword',
      RootWorkflowId: 'Keyword',
      RootRunId: 'Keyword',
      // Temporal's predefined attributes, kept in the JSON column like custom ones.
      TemporalChangeVersion: 'KeywordList',
      BinaryChecksums: 'KeywordList',
      BuildIds: 'KeywordList',
      BatcherNamespace: 'Keyword',
      BatcherUser: 'Keyword',
      TemporalScheduledStartTime: 'Datetime',
      TemporalScheduledById: 'Keyword',
      TemporalSchedulePaused: 'Bool',
      TemporalNamespaceDivision: 'Keyword',
    });
    expect(BUILT_IN_SEARCH_ATTRIBUTES.every((attribute) => attribute.storage.kind === 'column')).toBe(true);
    expect(catalog.get('TemporalChangeVersion')?.storage).toEqual({ kind: 'json', key: 'TemporalChangeVersion' });
  });

  it('adds custom attributes stored in the search_attributes JSON', () => {
    const catalog = buildSearchAttributeCatalog([{ name: 'CustomerId', type: 'Keyword' }]);
    expect(catalog.get('CustomerId')).toEqual({
      name: 'CustomerId',
      type: 'Keyword',
      storage: { kind: 'json', key: 'CustomerId' },
    });
    expect(catalog.get('customerid')).toBeUndefined();
  });

  it('refuses custom definitions that shadow, repeat, or cannot be stored safely', () => {
    expect(() => buildSearchAttributeCatalog([{ name: 'WorkflowId', type: 'Keyword' }])).toThrow('shadows a built-in');
    expect(() =>
      buildSearchAttributeCatalog([
        { name: 'A', type: 'Int' },
        { name: 'A', type: 'Keyword' },
      ]),
    ).toThrow('"A" is defined twice');
    for (const name of ['', 'a"b', 'a\\b', 'a\nb'])
      expect(() => buildSearchAttributeCatalog([{ name, type: 'Keyword' }])).toThrow(/custom search attribute name/);
    expect(() => buildSearchAttributeCatalog([{ name: 'X', type: 'Float' as SearchAttributeType }])).toThrow(
      'unknown type "Float"',
    );
  });
});

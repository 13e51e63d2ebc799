import { StartedResources } from '../../support/started-resources';

/** A resource that records whether it was closed. */
function resource(name: string, closed: string[], closeError?: Error) {
  return {
    name,
    async close() {
      closed.push(name);
      if (closeError) throw closeError;
    },
  };
}

test('a resource started beside one that failed to start is still closed', async () => {
  const resources = new StartedResources();
  const closed: string[] = [];
  const starting = Promise.all([
    resources.start(Promise.resolve(resource('server', closed))),
    resources.start(Promise.reject(new Error('no browser'))),
  ]);
  await expect(starting).rejects.toThrow('no browser');

  await resources.closeAll();
  expect(closed).toEqual(['server']);
});

test('a resource still starting when closeAll is called is closed once it has started', async () => {
  const resources = new StartedResources();
  const closed: string[] = [];
  let finishStart!: () => void;
  void resources.start(
    new Promise<ReturnType<typeof resource>>((resolve) => (finishStart = () => resolve(resource('late', closed)))),
  );

  const closing = resources.closeAll();
  expect(closed).toEqual([]);
  finishStart();
  await closing;
  expect(closed).toEqual(['late']);
});

test('every started resource is closed even when one fails to close; closeAll then rejects', async () => {
  const resources = new StartedResources();
  const closed: string[] = [];
  await resources.start(Promise.resolve(resource('broken', closed, new Error('close failed'))));
  await resources.start(Promise.resolve(resource('fine', closed)));

  await expect(resources.closeAll()).rejects.toThrow('1 of the started resources failed to close');
  expect(closed.sort()).toEqual(['broken', 'fine']);
});

test('a second closeAll closes nothing again', async () => {
  const resources = new StartedResources();
  const closed: string[] = [];
  await resources.start(Promise.resolve(resource('server', closed)));
  await resources.closeAll();
  await resources.closeAll();
  expect(closed).toEqual(['server']);
});

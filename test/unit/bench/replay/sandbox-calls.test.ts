/** The sandbox call counter: runInContext calls by the function the SDK names in __temporal_args, then put back. */
import vm from 'node:vm';
import { countSandboxCalls, totalCalls } from '../../../../bench/replay/sandbox-calls';

const original = vm.Script.prototype.runInContext;
afterEach(() => {
  vm.Script.prototype.runInContext = original;
});

test('calls are counted by the function named in __temporal_args[1], "other" without one', () => {
  const counter = countSandboxCalls();
  const context = vm.createContext({});
  const script = new vm.Script('1 + 1');
  context.__temporal_args = [{}, 'activate', []];
  expect(script.runInContext(context)).toBe(2);
  script.runInContext(context);
  context.__temporal_args = [{}, 'concludeActivation', []];
  script.runInContext(context);
  delete context.__temporal_args;
  vm.runInContext('2 + 2', context);
  expect(counter.read()).toEqual({ activate: 2, concludeActivation: 1, other: 1 });
  expect(totalCalls(counter.read())).toBe(4);
  counter.reset();
  expect(counter.read()).toEqual({});
  counter.uninstall();
});

test('uninstall puts runInContext back: later calls are not counted', () => {
  const counter = countSandboxCalls();
  expect(vm.Script.prototype.runInContext).not.toBe(original);
  counter.uninstall();
  expect(vm.Script.prototype.runInContext).toBe(original);
  new vm.Script('3').runInContext(vm.createContext({}));
  expect(counter.read()).toEqual({});
});

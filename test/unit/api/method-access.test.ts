import { describe, expect, it } from 'vitest';
import { methodNames } from '../../../shared/api/contract';
import { methodAccess, roleAllows } from '../../../shared/api/method-access';

describe('method access table', () => {
  it('gives every contract method a role and nothing else', () => {
    expect(Object.keys(methodAccess).sort()).toEqual([...methodNames].sort());
  });

  it('orders roles: admin ⊇ editor ⊇ viewer', () => {
    expect(roleAllows('admin', 'editor')).toBe(true);
    expect(roleAllows('editor', 'viewer')).toBe(true);
    expect(roleAllows('viewer', 'editor')).toBe(false);
    expect(roleAllows('editor', 'admin')).toBe(false);
  });

  it('never lets a viewer change anything but their own account', () => {
    const viewerChanges = Object.entries(methodAccess)
      .filter(([, a]) => a.mutates && a.role === 'viewer')
      .map(([name, a]) => [name, a.own]);
    expect(viewerChanges).toEqual([
      ['changePassword', true],
      ['signOutEverywhere', true],
    ]);
  });
});

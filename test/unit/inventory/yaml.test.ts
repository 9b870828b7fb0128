// The YAML format: all/hosts/children/vars, top-level groups beside all, host:port, ranges.
import { expect } from 'chai';
import { join } from 'node:path';
import { connectionVarsOf, loadInventory } from '../../../src/engine/inventory/index.js';
import { fixtureInventory, writeTree } from './helpers.js';

const fromText = (text: string) => loadInventory([join(writeTree({ 'hosts.yml': text }), 'hosts.yml')]);

describe('YAML inventory', () => {
  const inv = () => fixtureInventory('yaml', 'hosts.yaml');

  it('reads hosts, children and vars', () => {
    expect(inv().hostNames()).to.deep.equal(['solo', 'd1', 'd2', 's1', 's2', 's3']);
    expect(inv().groupsMap().nodes).to.deep.equal(['s1', 's2', 's3']);
    expect(inv().groupsMap().ungrouped).to.deep.equal(['solo']);
    expect(inv().varsFor('s2')).to.include({ role: 'node', everyone: 1 });
    expect(connectionVarsOf(inv().varsFor('d2')).address).to.equal('10.77.0.12');
  });

  it('top-level groups other than all join all; nested children and repeated groups merge', () => {
    const i = fromText(
      [
        'web:',
        '  hosts:',
        '    w1:',
        '  vars: {tier: web}',
        'all:',
        '  children:',
        '    dc:',
        '      children:',
        '        web:',
        '          hosts:',
        '            w2: {x: 1}',
      ].join('\n'),
    );
    expect(i.childrenOf('all')).to.deep.equal(['ungrouped', 'dc']);
    expect(i.groupsMap().dc).to.deep.equal(['w1', 'w2']);
    expect(i.groupNamesOf('w2')).to.deep.equal(['dc', 'web']);
    expect(i.varsFor('w2')).to.deep.equal({ tier: 'web', x: 1 });
  });

  it('host:port and ranges in host keys; YAML 1.1 types kept', () => {
    const i = fromText(['all:', '  hosts:', '    box:2200:', '    n[1:2]: {flag: yes, mode: 0644}'].join('\n'));
    expect(i.hostNames()).to.deep.equal(['box', 'n1', 'n2']);
    expect(i.varsFor('box').ansible_port).to.equal(2200);
    expect(i.varsFor('n2')).to.include({ flag: true, mode: 420 });
  });

  it('an empty file is an empty inventory', () => {
    expect(fromText('# nothing yet\n').hostNames()).to.deep.equal([]);
  });
});

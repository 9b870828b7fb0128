// PLAY RECAP lines as ansible-playbook 2.14 and lvsplay print them, summed over hosts.
import { expect } from 'chai';
import { firstErrorLine, parseRecap } from '../../../test/conformance/recap.js';

const ANSIBLE = `PLAY [all] *****

TASK [fail] ****
fatal: [host1]: FAILED! => {"changed": false, "msg": "boom"}
...ignoring
fatal: [host2]: FAILED! => {"changed": false, "msg": "real"}

PLAY RECAP *********************************************************************
host1                      : ok=13   changed=0    unreachable=0    failed=4    skipped=0    rescued=2    ignored=1   
host2                      : ok=2    changed=1    unreachable=1    failed=0    skipped=3    rescued=0    ignored=0   
`;

const LVSPLAY = `\u001b[1mPLAY RECAP ******\u001b[22m
\u001b[31mtesthost\u001b[39m : \u001b[32mok=6\u001b[39m changed=0 unreachable=0 \u001b[31mfailed=1\u001b[39m skipped=0 rescued=0 ignored=0
total wall time: 0.18s
`;

describe('conformance: PLAY RECAP', () => {
  it("sums ansible-playbook's host lines", () => {
    expect(parseRecap(ANSIBLE)).to.deep.equal({ ok: 15, changed: 1, unreachable: 1, failed: 4, skipped: 3, rescued: 2, ignored: 1 });
  });
  it("reads lvsplay's lines, colours and all, and ignores the wall-time line", () => {
    expect(parseRecap(LVSPLAY)).to.deep.equal({ ok: 6, changed: 0, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 0 });
  });
  it('takes the last recap when a run prints more than one, and null when there is none', () => {
    expect(parseRecap(`PLAY RECAP ***\nh : ok=1 changed=0\n\nPLAY RECAP ***\nh : ok=2 changed=0\n`)).to.include({ ok: 2 });
    expect(parseRecap('ERROR! the playbook could not be parsed\n')).to.equal(null);
  });
  it('names the first failure that was not ignored', () => {
    expect(firstErrorLine(ANSIBLE)).to.equal('fatal: [host2]: FAILED! => {"changed": false, "msg": "real"}');
    expect(firstErrorLine('ok: [h]\nERROR: a.yml:3:5: unknown module\n')).to.equal('ERROR: a.yml:3:5: unknown module');
    expect(firstErrorLine('ok: [h]\n')).to.equal('');
  });
});

// deb822_repository's stanzas read by this machine's apt (no 2.15 here to compare with): apt
// must take every field as meant. `apt-get update --print-uris` lists what apt would fetch for a
// sources folder of our own, without fetching (the URIs are loopback ones all the same).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deb822Slug, renderDeb822, type Deb822Values } from '../../../src/modules/lib/deb822-source.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

const KEY = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEYCQjIxYJKwYBBAHaRw8BAQdAD\n=IE0r\n-----END PGP PUBLIC KEY BLOCK-----\n';

describe('deb822_repository stanzas, as apt reads them', function () {
  let dir: string;
  before(function () {
    if (!existsSync('/usr/bin/apt-get')) this.skip();
  });
  beforeEach(() => {
    dir = scratchDir('lvsplay-deb822-');
    mkdirSync(join(dir, 'parts'));
  });
  afterEach(() => removeDir(dir));

  /** What apt would fetch for this one source: the URIs it prints, or its error. */
  function wouldFetch(values: Deb822Values): { uris: string[]; stderr: string } {
    writeFileSync(join(dir, 'parts', `${deb822Slug(String(values.name))}.sources`), renderDeb822(values));
    const r = spawnSync(
      'apt-get',
      [
        '-o',
        'Dir::Etc::SourceList=/dev/null',
        '-o',
        `Dir::Etc::SourceParts=${dir}/parts`,
        '-o',
        `Dir::State::Lists=${dir}/lists`,
        '-o',
        `Dir::Cache=${dir}/cache`,
        'update',
        '--print-uris',
      ],
      { encoding: 'utf8' },
    );
    return { uris: [...r.stdout.matchAll(/^'([^']+)'/gm)].map((m) => m[1]!), stderr: r.stderr };
  }

  it('takes the fields, an inline key and several types and components as meant', () => {
    const r = wouldFetch({
      name: 'Local Repo',
      types: ['deb', 'deb-src'],
      uris: ['http://127.0.0.1/debian'],
      suites: ['bookworm'],
      components: ['main', 'contrib'],
      architectures: ['amd64'],
      signed_by: KEY,
      by_hash: true,
    });
    expect(r.stderr).to.equal('');
    expect(r.uris).to.include.members([
      'http://127.0.0.1/debian/dists/bookworm/InRelease',
      'http://127.0.0.1/debian/dists/bookworm/main/source/Sources.xz',
      'http://127.0.0.1/debian/dists/bookworm/contrib/binary-amd64/Packages.xz',
    ]);
  });

  it('Enabled: no keeps the source out of what apt uses', () => {
    const r = wouldFetch({ name: 'off', types: ['deb'], uris: ['http://127.0.0.1/debian'], suites: ['bookworm'], components: ['main'], enabled: false });
    expect(r.stderr).to.equal('');
    expect(r.uris).to.deep.equal([]);
  });

  it('names the file as Ansible does', () => {
    expect(deb822Slug('Docker CE_stable (x86)')).to.equal('docker-ce-stable-x86');
  });
});

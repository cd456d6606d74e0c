/**
 * The Teams app package: valid against Microsoft's published manifest schema (shipped in the
 * @microsoft/app-manifest package, so no network), commands matching the core's, and icons of
 * the sizes Teams insists on.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { unzipSync } from 'fflate';
import { buildManifest, coreCommands, MAX_COMMANDS, PackageError, packageTeamsApp } from '../../manifest/teams/package';
import { sampleConfigData, settingsFrom } from '../helpers/app';

const ROOT = path.join(__dirname, '..', '..');
const template = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest/teams/manifest.json'), 'utf8'));
/**
 * Microsoft's own validator (AppManifestUtils.validateAgainstSchema) against the schema file the
 * package ships. It loads an ES module, which jest's CommonJS runtime cannot, so it runs in a
 * plain node process. Returns the schema errors, [] when valid.
 */
function schemaErrors(manifest: unknown, version = '1.30'): string[] {
  const script = `
    const { AppManifestUtils } = require('@microsoft/app-manifest');
    const schema = require('@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json');
    let input = '';
    process.stdin.on('data', (d) => (input += d)).on('end', async () => {
      process.stdout.write(JSON.stringify(await AppManifestUtils.validateAgainstSchema(JSON.parse(input), schema)));
    });`;
  const out = execFileSync(process.execPath, ['--no-deprecation', '-e', script], { cwd: ROOT, input: JSON.stringify(manifest), encoding: 'utf8' });
  return JSON.parse(out);
}

const ENV = {
  MicrosoftAppId: '6b1f5c1e-0000-4000-8000-00000000b0b0',
  PUBLIC_URL: 'https://swis.example.gov.uk',
  TEAMS_PRIVACY_URL: 'https://www.werneth-vale.gov.uk/privacy/swis',
  TEAMS_TERMS_URL: 'https://www.werneth-vale.gov.uk/swis/terms',
};
const commands = coreCommands(settingsFrom(sampleConfigData()));

/** Width, height and colour type from a PNG's IHDR, and its decoded RGBA rows. */
function readPng(bytes: Uint8Array) {
  const buf = Buffer.from(bytes);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length; ) {
    const len = buf.readUInt32BE(at);
    if (buf.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + len));
    at += len + 12;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.push([...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 5 + x * 4)]);
  return { width, height, colourType: buf[25], pixels };
}

describe('Teams app package', () => {
  it('keeps the manifest on the current schema version, and valid against that schema', () => {
    expect(template.manifestVersion).toBe('1.30');
    expect(template.$schema).toContain('/v1.30/MicrosoftTeams.schema.json');
    expect(schemaErrors(template)).toEqual([]);
  });

  it('fills the ids, version, domains and the core\'s commands, and the result is still valid', () => {
    const manifest = buildManifest({ ...ENV, TEAMS_APP_ID: 'a1b2c3d4-0000-4000-8000-000000000001' }, commands);
    expect(schemaErrors(manifest)).toEqual([]);
    expect(schemaErrors({ ...manifest, bots: [{ ...manifest.bots[0], scopes: ['nowhere'] }] })).not.toEqual([]);
    expect(manifest.id).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    expect(manifest.bots[0].botId).toBe(ENV.MicrosoftAppId);
    expect(manifest.version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    expect(manifest.validDomains).toEqual(['swis.example.gov.uk']);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    const [list] = manifest.bots[0].commandLists;
    expect(list.scopes).toEqual(['personal']);
    expect(list.commands.map((c) => c.title)).toEqual(['help', 'home', 'consult', 'book', 'consultations', 'log', 'tas', 'digest', 'export', 'reply']);
    expect(list.commands.length).toBeLessThanOrEqual(MAX_COMMANDS);
    // One menu serves every role, so each role-specific command says who it is for.
    expect(list.commands.find((c) => c.title === 'consult')!.description).toMatch(/\(for school staff\)$/);
    expect(list.commands.find((c) => c.title === 'log')!.description).toMatch(/\(for social workers\)$/);
    expect(list.commands.find((c) => c.title === 'export')!.description).toMatch(/\(for team managers\)$/);
    for (const c of list.commands) expect(commands.some((x) => x.name === c.title)).toBe(true);
    // In a team or group chat, nothing about a child: no consult, log or digest there.
    const shared = manifest.bots[0].commandLists[1];
    expect(shared.scopes).toEqual(['team', 'groupChat']);
    expect(shared.commands.map((c) => c.title)).toEqual(['help', 'tas']);
  });

  it('refuses to build without the authority\'s privacy and terms pages, unless asked for a development package', () => {
    const { TEAMS_PRIVACY_URL: _p, TEAMS_TERMS_URL: _t, ...bare } = ENV;
    expect(() => buildManifest(bare, commands)).toThrow(/TEAMS_PRIVACY_URL must be set.*TEAMS_DEV_PACKAGE=1/);
    expect(() => buildManifest({ ...ENV, TEAMS_PRIVACY_URL: 'https://example.org/swis/privacy' }, commands)).toThrow(/placeholder/);
    expect(() => buildManifest({ ...ENV, TEAMS_TERMS_URL: 'http://www.werneth-vale.gov.uk/terms' }, commands)).toThrow(/https/);
    const dev = buildManifest({ ...bare, TEAMS_DEV_PACKAGE: '1' }, commands);
    expect(dev.developer.privacyUrl).toBe('https://example.org/swis/privacy');
    expect(schemaErrors(dev)).toEqual([]);
  });

  it('uses the bot id as the app id when no separate Teams app id is given', () => {
    expect(buildManifest(ENV, commands).id).toBe(ENV.MicrosoftAppId);
  });

  it('refuses to package without a proper bot id', () => {
    expect(() => buildManifest({}, commands)).toThrow(PackageError);
    expect(() => buildManifest({ MicrosoftAppId: 'not-a-guid' }, commands)).toThrow(/GUID/);
  });

  it('zips the manifest and icons at the top level with the sizes Teams requires', () => {
    const files = unzipSync(packageTeamsApp(ENV, commands));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.bots[0].botId).toBe(ENV.MicrosoftAppId);

    const colour = readPng(files['color.png']);
    expect([colour.width, colour.height, colour.colourType]).toEqual([192, 192, 6]);
    expect(colour.pixels.every((p) => p[3] === 255)).toBe(true);

    const outline = readPng(files['outline.png']);
    expect([outline.width, outline.height, outline.colourType]).toEqual([32, 32, 6]);
    // White on transparent, nothing else.
    expect(outline.pixels.every(([r, g, b, a]) => a === 0 || (r === 255 && g === 255 && b === 255 && a === 255))).toBe(true);
    expect(outline.pixels.some((p) => p[3] === 0)).toBe(true);
  });

  it('has an npm script that builds the package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts['package:teams']).toMatch(/manifest\/teams\/package\.ts/);
  });
});

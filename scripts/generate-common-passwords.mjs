#!/usr/bin/env node
// Writes data/passwords/common-passwords.txt.gz: about 10,000 passwords that people choose most and that
// guessing tools try first. No breach corpus can be downloaded where SaferHub is built, so the list is
// generated from the patterns such corpora are dominated by, and the same input always gives the same file:
//   - the best-known common passwords and their roots (password, qwerty, letmein, iloveyou, …);
//   - keyboard walks and digit runs (qwertyuiop, 1qaz2wsx, 123456789, 11111111, …);
//   - common words, football clubs, places, pets, seasons, months and days, and common UK first names,
//     each alone and with the endings people add (1, 12, 123, 1234, !, 01, a year from 1950 to 2030, …);
//   - words tied to this service (saferhub, community safety, council, police, …).
// The policy (src/modules/access/accounts/password-policy.ts) also strips such endings and undoes l33t spelling
// before looking a password up, so "Liverpool2024!" is found through "liverpool".
//
// Run: node scripts/generate-common-passwords.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'data', 'passwords', 'common-passwords.txt.gz');

const words = (text) => text.trim().split(/\s+/);

const topPasswords = words(`
  123456 123456789 12345678 password qwerty 12345 1234567 111111 123123 1234567890 000000 abc123 password1
  iloveyou 1q2w3e4r qwerty123 qwertyuiop 654321 555555 lovely 7777777 welcome 888888 princess dragon 123qwe
  sunshine 666666 football monkey charlie aa123456 donald letmein master shadow baseball superman michael
  trustno1 121212 batman access hello freedom whatever qazwsx starwars login admin administrator passw0rd
  p@ssw0rd p@ssword pa55word pa$$word passpass password123 password1234 password12 password12345
  changeme changeme123 secret secret123 default guest test test123 testing user root toor temp temp123
  welcome1 welcome123 welcome2024 letmein123 letmein1 iloveyou1 iloveyou2 loveyou love123 mypassword
  mypass mysecret nopassword newpassword oldpassword firstpassword yourpassword thisismypassword
  qwerty1 qwerty12 qwerty1234 qwertyui asdfghjkl asdfgh asdf1234 zxcvbnm zxcvbn 1qaz2wsx 1qaz2wsx3edc
  zaq12wsx zaq1zaq1 !qaz2wsx q1w2e3r4 q1w2e3r4t5 q1w2e3r4t5y6 1q2w3e 1q2w3e4r5t 1q2w3e4r5t6y
  abcd1234 abcdef abcdefg abcdefgh abc12345 a1b2c3 a1b2c3d4 aaaaaa aaaaaaaa 11111111 00000000 12341234
  11223344 112233 987654321 9876543210 0987654321 147258369 159753 159357 123654 147852 741852963
  789456123 123321 1234554321 12344321 696969 131313 232323 999999 99999999 88888888 77777777 22222222
  33333333 44444444 55555555 66666666 12121212 13131313 01234567 012345678 0123456789 1111111111
  superstar sunflower butterfly chocolate cookie cheese banana orange pepper ginger tigger jordan23
  hunter hunter2 ranger buster soccer hockey killer george jessica pepper1 zxcvbnm1 computer internet
  corvette mercedes ferrari porsche harley yamaha matrix mustang silver golden diamond phoenix
  midnight blink182 metallica nirvana slipknot eminem beatles starwars1 pokemon minecraft fortnite
  roblox callofduty playstation xbox360 nintendo spiderman ironman captain avengers hogwarts
  liverpool1 arsenal1 chelsea1 manutd celtic1 rangers1 tottenham everton1 england1 london1
  iloveu imissyou loveme lovelove forever always together family friends blessed jesus jesus1 god
  christ angel angels heaven faith hope trinity
`);

const roots = words(`
  password pass passwd passcode passphrase secret letmein welcome hello qwerty admin login access master
  monkey dragon shadow sunshine princess football baseball soccer superman batman trustno iloveyou
  loveyou lovely charlie freedom whatever starwars computer internet summer winter spring autumn
  january february march april may june july august september october november december monday
  tuesday wednesday thursday friday saturday sunday christmas easter holiday weekend birthday
  london manchester liverpool birmingham leeds glasgow edinburgh cardiff belfast bristol sheffield
  newcastle nottingham leicester southampton portsmouth brighton oxford cambridge york reading
  hampshire winchester basingstoke aldershot andover eastleigh fareham gosport havant petersfield
  england britain scotland wales ireland english british united kingdom
  arsenal chelsea tottenham everton liverpoolfc manchesterunited mancity united city villa
  newcastleunited leeds westham saints pompey celtic rangers wolves spurs gunners reds blues
  dog cat puppy kitten tiger lion bear wolf eagle falcon horse pony bunny rabbit fluffy buster
  max bella lucy daisy molly rocky coco teddy milo poppy rosie alfie
  red blue green yellow purple orange black white pink silver gold
  apple banana cherry lemon mango peach strawberry chocolate coffee cookie sugar honey
  flower sunflower rainbow butterfly starlight moonlight sunset ocean river mountain forest
  music guitar piano rock metal dance party happy smile sunny lucky magic dream
  love baby angel heart kiss sweet darling honey babe sexy hottie beautiful pretty
  money cash rich dollar pound business office work job manager boss
  police constable sergeant inspector officer detective crime safety safer safe secure security
  community partnership council borough county district parish government civil service
  probation prison justice court youth health nurse doctor hospital school teacher student
  fire rescue ambulance emergency station team staff admin1 support helpdesk
  saferhub saferhubs hub csp communitysafety safercommunities safercity safecity
  qwertyuiop asdfghjkl zxcvbnm qazwsx wsxedc edcrfv 1qaz 2wsx zaq1 xsw2 mnbvcxz poiuytrewq
  abc abcdef alphabet letters numbers
  test testing tester example sample demo guest user username default changeme temp temporary
  system server network windows microsoft apple google facebook twitter instagram linkedin
  samsung iphone android laptop desktop
  football rugby cricket tennis golf boxing running cycling swimming fishing hunting
  killer hunter ranger soldier warrior knight ninja pirate zombie ghost devil demon
  jesus christ god lord angel heaven blessed faith church
  family mother father mummy daddy sister brother daughter son wife husband grandma grandad nanny
  friend friends forever always together
`);

const names = words(`
  oliver george harry jack jacob noah charlie thomas oscar william james leo alfie henry joshua freddie
  archie ethan isaac alexander joseph edward samuel max daniel arthur lucas mohammed muhammad logan
  theo harrison benjamin mason sebastian finley adam dylan zachary riley teddy david toby luke
  matthew michael peter paul john mark andrew robert richard stephen christopher anthony kevin
  jason gary steven simon martin ian neil lee craig darren wayne dean carl scott
  olivia amelia isla ava emily sophia grace mia poppy ella lily evie isabella sophie ivy freya
  harper willow charlotte jessica chloe daisy phoebe florence alice ruby evelyn sienna matilda
  sarah emma laura hannah rebecca lauren amy katie rachel gemma claire nicola helen karen
  susan julie tracey lisa michelle joanne louise victoria elizabeth mary margaret jennifer
  samantha natalie stephanie kelly leanne zoe holly megan jade abigail
`);

const suffixes = words(`
  1 12 123 1234 12345 123456 ! !! 1! 12! 123! 01 11 22 69 99 007 2 3 7 10 13 21 23 77 88 00 @ # $ ? .
`);
const years = Array.from({ length: 81 }, (_, i) => String(1950 + i));
const recentYears = Array.from({ length: 17 }, (_, i) => String(2014 + i));

const walks = [];
const rows = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '0987654321', 'poiuytrewq', 'lkjhgfdsa', 'mnbvcxz'];
for (const row of rows) for (let len = 4; len <= row.length; len++) walks.push(row.slice(0, len));
const columns = ['1qaz', '2wsx', '3edc', '4rfv', '5tgb', '6yhn', '7ujm', '8ik,', '9ol.', '0p;/'];
for (let n = 2; n <= columns.length; n++) walks.push(columns.slice(0, n).join(''));
for (let d = 0; d <= 9; d++) for (let len = 4; len <= 16; len++) walks.push(String(d).repeat(len));
for (const c of 'abcdefghijklmnopqrstuvwxyz') for (let len = 4; len <= 12; len += 2) walks.push(c.repeat(len));
for (let len = 4; len <= 16; len++) walks.push('1234567890'.repeat(2).slice(0, len), 'abcdefghijklmnopqrstuvwxyz'.slice(0, len));
for (const pair of ['12', 'ab', 'qw', 'as', 'xo', 'ha', 'la', '01', '10', '69']) for (let n = 3; n <= 8; n++) walks.push(pair.repeat(n));

const list = new Set();
const add = (p) => {
  if (p.length >= 4 && p.length <= 64) list.add(p.toLowerCase());
};
for (const p of [...topPasswords, ...roots, ...names, ...walks, ...years]) add(p);
// Endings people add, for the commonest roots and names.
const popular = [...roots.slice(0, 80), ...names.slice(0, 30), 'saferhub', 'council', 'police', 'safety', 'community'];
for (const base of popular) for (const s of suffixes) add(base + s);
for (const base of [...roots.slice(0, 100), ...names.slice(0, 50)]) for (const y of recentYears) add(base + y);
for (const base of [...roots.slice(0, 20), ...names.slice(0, 20)]) for (const y of years.filter((x) => Number(x) < 2014)) add(base + y);
for (const base of roots.slice(0, 40)) for (const y of recentYears) add(`${base}${y}!`);
for (const base of ['saferhub', 'password', 'welcome', 'council', 'police', 'summer', 'winter', 'spring', 'autumn'])
  for (const y of recentYears) for (const s of ['', '!', '#', '.', '1']) add(`${base}@${y}${s}`);

const sorted = [...list].sort();
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, zlib.gzipSync(Buffer.from(`${sorted.join('\n')}\n`), { level: 9 }));
console.log(`Wrote ${sorted.length} passwords to ${path.relative(root, out)} (${fs.statSync(out).size} bytes).`);

// The public page's own check of the log: fetch the signed checkpoint, verify its Ed25519
// signature, fetch one entry from the log's tiles, hash it and check its inclusion proof against
// the checkpoint's root (RFC 9162, 2.1.3.2), showing each step. Nothing here trusts the page.
(() => {
  const form = document.getElementById('verify-form');
  if (!form) return;
  const steps = document.getElementById('verify-steps');
  const result = document.getElementById('verify-result');
  const banner = document.getElementById('verify-banner');
  const show = (text, cls) => {
    for (const el of [result, banner]) {
      if (el) { el.textContent = text; el.className = cls; }
    }
  };
  const enc = new TextEncoder();
  const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const hex = (a) => Array.from(a, (x) => x.toString(16).padStart(2, '0')).join('');
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  };
  const sha256 = async (...parts) => new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...parts)));
  const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const step = (text, ok) => {
    const li = document.createElement('li');
    li.textContent = (ok === false ? '✗ ' : ok === true ? '✓ ' : '') + text;
    if (ok === false) li.className = 'bad';
    steps.appendChild(li);
  };
  // C2SP tlog-tiles: an index as 3-digit groups, all but the last prefixed with "x"
  const encodeIndex = (n) => {
    const parts = [];
    do { parts.unshift(String(n % 1000).padStart(3, '0')); n = Math.floor(n / 1000); } while (n > 0);
    return parts.map((p, i) => (i < parts.length - 1 ? 'x' + p : p)).join('/');
  };
  const tile = (kind, index, size) => {
    const t = Math.floor(index / 256);
    const width = Math.min(256, size - t * 256);
    return '/log/tile/' + kind + '/' + encodeIndex(t) + (width < 256 ? '.p/' + width : '');
  };
  const fetchBytes = async (url) => {
    const r = await fetch(url, { cache: 'no-store' });
    if (!r.ok) throw new Error(url + ' answered ' + r.status);
    return new Uint8Array(await r.arrayBuffer());
  };
  const fail = (why) => { step(why, false); throw new Error(why); };

  async function verifySignature(note, keyText) {
    // name+hash+key, where the key's base64 may hold '+' itself
    const k = keyText.trim();
    const i = k.indexOf('+');
    const j = k.indexOf('+', i + 1);
    const [name, hash, keyB64] = [k.slice(0, i), k.slice(i + 1, j), k.slice(j + 1)];
    const key = b64(keyB64);
    const cut = note.indexOf('\n\n');
    const body = note.slice(0, cut + 1);
    const lines = note.slice(cut + 2).split('\n').filter((l) => l.startsWith('— ' + name + ' '));
    const want = (await sha256(enc.encode(name), new Uint8Array([10]), key)).slice(0, 4);
    for (const l of lines) {
      const sig = b64(l.slice(l.lastIndexOf(' ') + 1));
      if (!equal(sig.slice(0, 4), want)) continue;
      let pub;
      try {
        pub = await crypto.subtle.importKey('raw', key.slice(1), { name: 'Ed25519' }, false, ['verify']);
      } catch (e) {
        step('this browser cannot check Ed25519 signatures; the signature by ' + name + ' was not checked here');
        return;
      }
      if (await crypto.subtle.verify({ name: 'Ed25519' }, pub, sig.slice(4), enc.encode(body))) {
        step('the checkpoint is signed by the log key ' + name + ' (Ed25519, key hash ' + hash + ')', true);
        return;
      }
      fail('the checkpoint\'s signature by ' + name + ' does not verify');
    }
    fail('the checkpoint carries no signature by the log key ' + name);
  }

  async function verify(index) {
    steps.replaceChildren();
    show('Checking…', '');
    const note = await (await fetch('/log/checkpoint', { cache: 'no-store' })).text();
    const [origin, sizeText, rootB64] = note.split('\n');
    const size = Number(sizeText);
    const root = b64(rootB64);
    step('fetched the checkpoint of ' + origin + ': ' + size + ' entries, root ' + hex(root));
    await verifySignature(note, form.dataset.key);
    if (!(index >= 0 && index < size)) fail('entry ' + index + ' is not in a log of ' + size + ' entries');
    const bundlePath = tile('entries', index, size);
    const bundle = await fetchBytes(bundlePath);
    const entries = [];
    for (let at = 0; at + 2 <= bundle.length;) {
      const len = (bundle[at] << 8) | bundle[at + 1];
      entries.push(bundle.slice(at + 2, at + 2 + len));
      at += 2 + len;
    }
    const entry = entries[index % 256];
    if (entry === undefined) fail('the entry bundle ' + bundlePath + ' does not hold entry ' + index);
    step('fetched entry ' + index + ' (' + entry.length + ' bytes) from the tile ' + bundlePath + ', which holds ' + entries.length + ' entries');
    const leaf = await sha256(new Uint8Array([0]), entry);
    step('its leaf hash, SHA-256(0x00 ‖ entry), is ' + hex(leaf));
    // every entry of the tile against the log's hash tile: an altered byte anywhere in it shows
    const hashTilePath = tile('0', index, size);
    const hashes = await fetchBytes(hashTilePath);
    const first = Math.floor(index / 256) * 256;
    for (let k = 0; k < entries.length; k++) {
      const h = await sha256(new Uint8Array([0]), entries[k]);
      if (!equal(hashes.slice(k * 32, k * 32 + 32), h)) {
        fail('entry ' + (first + k) + ' in the tile ' + bundlePath + ' does not hash to what the hash tile ' + hashTilePath + ' records: the entry was altered');
      }
    }
    step('all ' + entries.length + ' entries of the tile hash to what the hash tile ' + hashTilePath + ' records', true);
    const proof = await (await fetch('/v1/log/proof/inclusion?index=' + index + '&size=' + size, { cache: 'no-store' })).json();
    let fn = index;
    let sn = size - 1;
    let r = leaf;
    for (const p of proof.hashes.map(b64)) {
      if (sn === 0) fail('the inclusion proof is too long');
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(new Uint8Array([1]), p, r);
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await sha256(new Uint8Array([1]), r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    step('folded the ' + proof.hashes.length + ' proof hashes into the root ' + hex(r));
    if (sn !== 0 || !equal(r, root)) fail('that is not the checkpoint\'s root: entry ' + index + ' is not in this log as served');
    step('it equals the signed checkpoint\'s root', true);
    show('Verified: entry ' + index + ' is in the log at size ' + size + '.', 'good');
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    verify(Number(form.elements.index.value)).catch((err) => show('Verification failed: ' + err.message, 'bad'));
  });
  verify(Number(form.elements.index.value)).catch((err) => show('Verification failed: ' + err.message, 'bad'));
})();

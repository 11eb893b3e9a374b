// @ts-check
/**
 * The Face results panel (no framework). It draws what the extension sent (or what its own state kept
 * across a reload): each picture with a box and a label per face, a table of the faces, a confidence
 * cut-off applied here without asking the service again, Copy as JSON, and a click on a candidate that asks
 * the extension to show it in the tree. After each drawing it reports the labels it shows. Its icons are
 * codicons (the stylesheet the page links), where VS Code's own UI would show them.
 */
(function () {
	// @ts-ignore acquireVsCodeApi is provided by the webview host
	const vscode = acquireVsCodeApi();
	const T = JSON.parse(/** @type {HTMLElement} */ (document.getElementById('strings')).textContent || '{}');
	const SVG = 'http://www.w3.org/2000/svg';
	/** Pictures larger than this (characters of their data URL) are kept in the state as a smaller JPEG. */
	const KEEP_AS_IS = 1500000;
	const KEEP_SIDE = 1600;

	/** @type {any} */
	let state = vscode.getState();

	window.addEventListener('message', (event) => {
		const m = event.data || {};
		if (m.type === 'show') {
			prepare(m.state).then((s) => {
				state = s;
				vscode.setState(state);
				render();
			});
		} else if (m.type === 'setThreshold' && state) {
			setThreshold(Number(m.value));
		}
	});

	function setThreshold(value) {
		state.threshold = Math.min(1, Math.max(0, Math.round(value * 100) / 100));
		vscode.setState(state);
		render();
	}

	/** Measures each picture (its boxes are in its pixels) and shrinks the big ones the state keeps. */
	async function prepare(s) {
		for (const r of s.results) {
			const img = await load(r.dataUrl);
			r.width = img.naturalWidth;
			r.height = img.naturalHeight;
			if (r.dataUrl.length > KEEP_AS_IS && r.width > 0) {
				const scale = Math.min(1, KEEP_SIDE / Math.max(r.width, r.height));
				const canvas = document.createElement('canvas');
				canvas.width = Math.round(r.width * scale);
				canvas.height = Math.round(r.height * scale);
				const ctx = canvas.getContext('2d');
				if (ctx) {
					ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
					r.dataUrl = canvas.toDataURL('image/jpeg', 0.85);
				}
			}
		}
		return s;
	}

	function load(src) {
		return new Promise((resolve) => {
			const img = new Image();
			img.onload = () => resolve(img);
			img.onerror = () => resolve(img);
			img.src = src;
		});
	}

	const pct = (c) => `${Math.round(c * 100)}%`;
	const short = (id) => (id.length > 13 ? `${id.slice(0, 8)}…` : id);

	function above(face) {
		return face.matches.filter((m) => m.confidence >= state.threshold);
	}

	/** The label of a face and how its box is drawn: matched, unknown, or just detected. */
	function describe(r, face, i) {
		if (face.skipped) {
			return { text: T.notSent, kind: 'skipped' };
		}
		const q = quality(face.attributes);
		if (r.mode === 'detect') {
			return { text: `${T.face} ${i + 1}${q ? ` · ${q}` : ''}`, kind: 'detected' };
		}
		const hits = above(face);
		if (r.mode === 'verify') {
			const m = face.matches[0];
			if (!m) {
				return { text: T.unknown, kind: 'unknown' };
			}
			return m.confidence >= state.threshold
				? { text: `${T.same}: ${m.name || short(m.id)} ${pct(m.confidence)}`, kind: 'matched' }
				: { text: `${T.notSame} ${m.name || short(m.id)} ${pct(m.confidence)}`, kind: 'unknown' };
		}
		if (hits.length === 0) {
			return { text: r.mode === 'similar' ? T.noSimilar : T.unknown, kind: 'unknown' };
		}
		const more = r.mode === 'similar' && hits.length > 1 ? ` +${hits.length - 1}` : '';
		return { text: `${hits[0].name || short(hits[0].id)} ${pct(hits[0].confidence)}${more}`, kind: 'matched' };
	}

	function quality(a) {
		if (!a) {
			return '';
		}
		const parts = [];
		if (a.qualityForRecognition) {
			parts.push(`${T.quality} ${a.qualityForRecognition}`);
		}
		if (a.blur && a.blur.blurLevel) {
			parts.push(`blur ${String(a.blur.blurLevel).toLowerCase()}`);
		}
		if (a.exposure && a.exposure.exposureLevel) {
			parts.push(`exposure ${String(a.exposure.exposureLevel).replace(/Exposure$/i, '').toLowerCase()}`);
		}
		if (a.noise && a.noise.noiseLevel) {
			parts.push(`noise ${String(a.noise.noiseLevel).toLowerCase()}`);
		}
		if (a.headPose) {
			parts.push(`yaw ${Math.round(a.headPose.yaw)}°`);
		}
		if (a.mask && a.mask.type) {
			parts.push(a.mask.noseAndMouthCovered ? 'mask' : 'no mask');
		} else if (Array.isArray(a.accessories) && a.accessories.some((x) => x.type === 'mask' && x.confidence >= 0.5)) {
			parts.push('mask'); // detection_01 reports a mask among the accessories
		}
		if (a.occlusion && (a.occlusion.eyeOccluded || a.occlusion.mouthOccluded || a.occlusion.foreheadOccluded)) {
			parts.push('occluded');
		}
		return parts.join(', ');
	}

	function el(tag, attrs, ...children) {
		const e = document.createElement(tag);
		for (const [k, v] of Object.entries(attrs || {})) {
			if (v !== undefined && v !== null) {
				e.setAttribute(k, String(v));
			}
		}
		for (const c of children) {
			e.append(c);
		}
		return e;
	}

	/** A codicon (decorative: the text beside it says what it means). */
	function icon(name, extra) {
		return el('span', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
	}

	function svg(tag, attrs) {
		const e = document.createElementNS(SVG, tag);
		for (const [k, v] of Object.entries(attrs)) {
			e.setAttribute(k, String(v));
		}
		return e;
	}

	function render() {
		const bar = /** @type {HTMLElement} */ (document.getElementById('bar'));
		const main = /** @type {HTMLElement} */ (document.getElementById('results'));
		bar.replaceChildren();
		main.replaceChildren();
		if (state.results.some((r) => r.mode !== 'detect')) {
			const slider = el('input', { type: 'range', id: 'threshold', min: 0, max: 1, step: 0.01, value: state.threshold, 'aria-label': T.threshold });
			const out = el('output', { for: 'threshold' }, pct(state.threshold));
			slider.addEventListener('input', () => (out.textContent = pct(Number(/** @type {HTMLInputElement} */ (slider).value))));
			slider.addEventListener('change', () => setThreshold(Number(/** @type {HTMLInputElement} */ (slider).value)));
			bar.append(el('label', { for: 'threshold' }, T.threshold), slider, out);
		}
		const copy = el('button', { type: 'button', id: 'copy', class: 'secondary' }, icon('copy'), T.copy);
		copy.addEventListener('click', () => vscode.postMessage({ type: 'copy' }));
		bar.append(copy);
		main.className = state.results.length > 1 ? 'grid' : '';
		const labels = state.results.map((r) => {
			const described = r.faces.map((f, i) => describe(r, f, i));
			main.append(section(r, described));
			return described.map((d) => d.text);
		});
		vscode.postMessage({ type: 'rendered', threshold: state.threshold, labels });
	}

	function section(r, described) {
		const t = r.target;
		const where = [t.label, t.personName].filter(Boolean).join(' / ');
		const targetIcon = r.mode === 'detect' ? 'eye' : r.mode === 'verify' ? 'person' : T.kindIcons[t.kind] || 'organization';
		const meta = el(
			'p',
			{ class: 'meta' },
			el('span', {}, icon(targetIcon), `${T.modes[r.mode]} ${where} · ${t.resourceLabel}`),
			el('span', { title: T.models }, icon('circuit-board'), `${r.recognitionModel}, ${r.detectionModel}`),
			el('span', {}, icon('credit-card'), `${r.calls} ${T.calls}`),
		);
		const s = el('section', { class: 'result' }, el('h2', {}, r.image.name), meta);
		for (const n of r.notes) {
			s.append(el('p', { class: 'note' }, icon('info'), n));
		}
		s.append(picture(r, described), table(r, described));
		return s;
	}

	function picture(r, described) {
		const stage = el('div', { class: 'stage' }, el('img', { src: r.dataUrl, alt: r.image.name }));
		const w = r.width || 1;
		const h = r.height || 1;
		const overlay = svg('svg', { viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' });
		const font = Math.max(8, Math.round(Math.max(w, h) / 32));
		r.faces.forEach((f, i) => {
			const b = f.rect;
			const d = described[i];
			overlay.append(svg('rect', { class: `box ${d.kind}`, x: b.left, y: b.top, width: b.width, height: b.height, 'stroke-width': Math.max(1, font / 6) }));
			const text = svg('text', { class: `label ${d.kind}`, x: b.left, y: b.top > font * 1.2 ? b.top - font * 0.3 : b.top + b.height + font, 'font-size': font });
			text.textContent = `${i + 1}. ${d.text}`;
			overlay.append(text);
		});
		stage.append(overlay);
		if (r.faces.length === 0) {
			stage.append(el('div', { class: 'noface', role: 'status' }, icon('warning'), T.noFace));
		}
		return stage;
	}

	function table(r, described) {
		if (r.faces.length === 0) {
			return el('div');
		}
		const head = el('tr', {}, el('th', {}, '#'), el('th', {}, T.match), el('th', {}, T.confidence), el('th', {}, T.quality), el('th', {}, T.box));
		const rows = r.faces.map((f, i) => {
			const matches = el('td');
			const confidences = el('td');
			const kind = described[i].kind;
			if (r.mode === 'detect' || f.skipped || f.matches.length === 0) {
				const why = kind === 'skipped' ? icon('circle-slash') : kind === 'unknown' ? icon('question') : '';
				matches.append(why, described[i].text);
			}
			for (const m of r.mode === 'detect' ? [] : f.matches) {
				const cls = m.confidence >= state.threshold ? 'match' : 'match below';
				const name = m.name || m.id;
				// A person (identify, verify) or a face of a face list (find similar), as the tree shows them. A match
				// in the Person Directory or a dynamic group has no container row to reveal: shown, not a button.
				const who = icon(r.mode === 'similar' ? 'smiley' : 'person');
				if (r.target.kind && r.target.containerId) {
					const attrs = { type: 'button', class: cls, title: T.reveal, 'aria-label': T.revealNamed.replace('{0}', name) };
					const button = el('button', attrs, who, el('span', { class: 'name' }, name), icon('go-to-file', 'reveal'));
					button.addEventListener('click', () => reveal(r, m));
					matches.append(el('div', {}, button));
				} else {
					matches.append(el('div', { class: cls }, who, el('span', { class: 'name' }, name)));
				}
				confidences.append(el('div', { class: cls }, pct(m.confidence)));
			}
			const b = f.rect;
			return el('tr', { class: described[i].kind }, el('td', {}, String(i + 1)), matches, confidences, el('td', {}, quality(f.attributes)), el('td', { class: 'box-cell' }, `${b.left},${b.top} ${b.width}×${b.height}`));
		});
		return el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows));
	}

	function reveal(r, m) {
		const t = r.target;
		if (t.kind && t.containerId) {
			vscode.postMessage({ type: 'reveal', target: { resourceId: t.resourceId, kind: t.kind, containerId: t.containerId, memberId: m.id } });
		}
	}
	// Last, once every helper above is defined: a restored webview draws from its state, a new one asks.
	if (state) {
		render();
	} else {
		vscode.postMessage({ type: 'ready' });
	}
})();

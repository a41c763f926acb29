import { z } from 'zod';

// The webview's CSP forbids eval. Zod probes for it with `new Function` when a schema is built, and
// Chromium reports that probe as a CSP violation even though Zod catches it; jitless skips the probe.
// This module must be imported before any module that builds a schema.
z.config({ jitless: true });

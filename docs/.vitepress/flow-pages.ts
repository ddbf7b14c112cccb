// The built-in flows' diagram pages: `pnpm diagrams` writes one Markdown page per flow version into docs/flows/
// (the engine's tests keep them in step with the code); the site renders each of them in both locales.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FLOWS_DIR = fileURLToPath(new URL('../flows/', import.meta.url));

/** One generated diagram page: `work-order-v2` and the Markdown after its title. */
export interface FlowPage {
  name: string;
  title: string;
  body: string;
}

/** Every generated page in docs/flows/ except its index, sorted by name. */
export function flowPages(): FlowPage[] {
  return readdirSync(FLOWS_DIR)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .sort()
    .map((file) => {
      const text = readFileSync(FLOWS_DIR + file, 'utf8');
      const title = /^# (.+)$/m.exec(text)?.[1];
      if (!title) throw new Error(`docs/flows/${file} has no "# " title`);
      const body = text
        .slice(text.indexOf(title) + title.length)
        .replace(/<!--[\s\S]*?-->/g, '')
        .trim();
      return { name: file.slice(0, -'.md'.length), title, body };
    });
}

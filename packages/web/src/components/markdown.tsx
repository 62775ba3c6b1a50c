import type { ComponentProps } from 'react';
import ReactMarkdown, { type Components, type UrlTransform } from 'react-markdown';

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** An absolute http, https or mailto URL: the only kind we link to from what others wrote. */
export function isSafeUrl(url: string): boolean {
  try {
    return ALLOWED_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * Only absolute http, https and mailto URLs survive; anything else (javascript:, data:, relative
 * paths into this site) is dropped, and its link or image is shown as plain text.
 */
export const safeUrl: UrlTransform = (url) => (isSafeUrl(url) ? url : null);

function MarkdownLink({ href, children }: ComponentProps<'a'>) {
  if (!href) return <span>{children}</span>;
  return (
    <a className="usa-link" href={href} rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}

/**
 * Images are never loaded: a picture in a report would tell its host who read it, and when. The
 * reader gets a link to it instead.
 */
function MarkdownImage({ src, alt }: ComponentProps<'img'>) {
  const label = alt ? `Image: ${alt}` : 'Image';
  if (typeof src !== 'string' || src === '') return <span>[{label}]</span>;
  return (
    <a className="usa-link" href={src} rel="noopener noreferrer nofollow">
      [{label}]
    </a>
  );
}

/**
 * Headings move down two levels: Markdown written by a reporter sits under the page's h1 and a
 * section's h2, and must not compete with them.
 */
const COMPONENTS: Components = {
  a: MarkdownLink,
  img: MarkdownImage,
  h1: 'h3',
  h2: 'h4',
  h3: 'h5',
  h4: 'h6',
  h5: 'h6',
  h6: 'h6',
};

/**
 * Markdown from people outside (reports, messages), rendered safely: raw HTML is shown as the
 * text it is, never parsed (no rehype-raw); URLs are limited to http, https and mailto; links carry
 * rel="noopener noreferrer nofollow"; images are links, not loaded.
 */
export function Markdown({ children, className }: { children: string; className?: string }) {
  return (
    <div className={className ? `markdown-body ${className}` : 'markdown-body'}>
      <ReactMarkdown urlTransform={safeUrl} components={COMPONENTS}>
        {children}
      </ReactMarkdown>
    </div>
  );
}

/**
 * Putting text that came from TikTok (captions, hashtags, sound titles) into
 * Discord markdown without it turning into formatting, links or broken code.
 */
/** Backslash-escapes Discord markdown: bold/italic/strike/spoiler/code, quotes, headers, lists, link brackets. */
export function escapeMarkdown(text) {
    return text.replace(/[\\*_~`|[\]()<>]/gu, (char) => `\\${char}`).replace(/^([#>-])/gmu, '\\$1');
}
/** `text` as inline code; backticks cannot be escaped inside code, so they are dropped. */
export function inlineCode(text) {
    const clean = text.replace(/`/gu, '').trim();
    return clean.length > 0 ? `\`${clean}\`` : '';
}
/** [text](url) with the text escaped so a caption cannot end the link early. */
export function maskedLink(text, url) {
    return `[${escapeMarkdown(text)}](${url})`;
}
/** Lines in a fenced code block; a stray ``` inside would end the block early, so it is broken up. */
export function codeBlock(lines) {
    const body = lines.map((line) => line.replace(/```/gu, '`\u200b``')).join('\n');
    return `\`\`\`\n${body}\n\`\`\``;
}
//# sourceMappingURL=discord-markdown.js.map
import { OnDeserializing, OptionalField, Serializable, type StreamingContext } from '@weft/runtime';

/**
 * Version 2: adds `author` and `tags`. Both are @OptionalField, because files written by
 * version 1 lack them; OnDeserializing gives them defaults that old data keeps.
 */
@Serializable({ name: 'docs.Document' })
export class Document {
  title: string;
  @OptionalField({ versionAdded: 2 }) author: string;
  body: string;
  pages: number;
  @OptionalField({ versionAdded: 2 }) tags: string[];

  constructor(title: string, body: string, pages: number, author: string) {
    this.title = title;
    this.body = body;
    this.pages = pages;
    this.author = author;
    this.tags = [];
  }

  @OnDeserializing()
  private setDefaults(_context: StreamingContext): void {
    this.author = '(unknown)';
    this.tags = [];
  }
}

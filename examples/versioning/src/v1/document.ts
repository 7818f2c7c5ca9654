import { Serializable } from '@weft/runtime';

/**
 * Version 1 of the document type, as the first release shipped it. Its wire identity
 * ("versioning:docs.Document") is the same in version 2: the two are one type over time.
 */
@Serializable({ name: 'docs.Document' })
export class Document {
  title: string;
  body: string;
  pages: number;
  constructor(title: string, body: string, pages: number) {
    this.title = title;
    this.body = body;
    this.pages = pages;
  }
}

/** A sticky note, written field by field. Version 2 replaced it by an ISerializable Annotation. */
@Serializable({ name: 'docs.Note' })
export class Note {
  text: string;
  stars: number;
  constructor(text: string, stars: number) {
    this.text = text;
    this.stars = stars;
  }
}

"""Post content → body parts (articles/wordpress/body.py): what each WordPress construct becomes."""

from articles.wordpress.body import PhotoPart, QuotePart, TextPart, body_from_content


def test_classic_text_becomes_paragraphs_the_way_wpautop_shows_it():
    body = body_from_content(
        "First line\nsame paragraph\n\n<h1>Big</h1>\n\n<h5>Small</h5>\n\nSee [sic] and [1]."
    )

    assert body.parts == [
        TextPart(
            "<p>First line<br>same paragraph</p>\n<h2>Big</h2>\n<h3>Small</h3>\n<p>See [sic] and [1].</p>"
        )
    ]
    assert body.problems == []  # prose in square brackets is not a shortcode


def test_classic_images_galleries_and_unknown_shortcodes():
    body = body_from_content(
        'Intro.\n\n<p><a href="/x"><img src="https://old.example.org/wp-content/uploads/a-150x150.jpg"></a></p>'
        '\n\n[gallery ids="7, 8"]\n\n[gallery]\n\n[embed]https://video.example.com/1[/embed]'
        '\n\n[caption id="attachment_9" caption="Old-style caption"]<img src="b.jpg">[/caption]'
    )

    assert body.parts == [
        TextPart("<p>Intro.</p>"),
        PhotoPart(
            attachment_id=None, url="https://old.example.org/wp-content/uploads/a-150x150.jpg", caption=""
        ),
        PhotoPart(attachment_id=7, url="", caption=""),
        PhotoPart(attachment_id=8, url="", caption=""),
        TextPart("<p>https://video.example.com/1</p>"),
        PhotoPart(attachment_id=9, url="b.jpg", caption="Old-style caption"),
    ]
    assert body.problems == [
        "A [gallery] shortcode without ids (all of a post's images); left out.",
        "The shortcode [embed] has no Newsroom equivalent; left out (its inner text kept).",
    ]


def test_gutenberg_containers_pullquotes_old_galleries_and_unknown_blocks():
    body = body_from_content(
        '<!-- wp:columns --><div class="wp-block-columns"><!-- wp:column --><div>'
        "<!-- wp:paragraph --><p>Left</p><!-- /wp:paragraph --></div><!-- /wp:column --></div>"
        "<!-- /wp:columns -->"
        '<!-- wp:pullquote --><figure class="wp-block-pullquote"><blockquote><p>“Loud words”</p>'
        "<cite>— Ana</cite></blockquote></figure><!-- /wp:pullquote -->"
        '<!-- wp:gallery {"ids":[3,4]} --><figure class="wp-block-gallery"><ul>'
        '<li><figure><img src="c.jpg" data-id="3"><figcaption>C</figcaption></figure></li>'
        '<li><figure><img src="d.jpg" data-id="4"></figure></li></ul></figure><!-- /wp:gallery -->'
        "<!-- wp:spacer /--><!-- wp:acme/map {} --><div>Harbour map</div><!-- /wp:acme/map -->"
        "<!-- wp:acme/counter /--><!-- wp:paragraph --><p>Unclosed"
    )

    assert body.parts == [
        TextPart("<p>Left</p>"),
        QuotePart(quote="Loud words", attribution="Ana"),
        PhotoPart(attachment_id=3, url="c.jpg", caption="C"),
        PhotoPart(attachment_id=4, url="d.jpg", caption=""),
        TextPart("<p>Harbour map</p>\n<p>Unclosed"),
    ]
    assert body.problems == [
        "The block “wp:paragraph” is not closed; its content was read to the end.",
        "The block “wp:acme/map” has no Newsroom equivalent; kept as plain text.",
        "The block “wp:acme/counter” has no Newsroom equivalent; left out.",
    ]

package io.newswatch.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
    @Test
    void keepsVisibleWordsOnlyOneLinePerBlock() {
        assertEquals("Title\nFirst para with bold & link.\nitem one\nitem two\nafter\nbreak",
                HtmlText.fragment("<h1>Title</h1><script>var x = '<p>';</script><style>p { color: red }</style>"
                        + "<p>First   para with <b>bold</b> &amp; <a href='#'>link</a>.</p><ul><li>item one</li><li>item two</li></ul>"
                        + "<noscript>enable js</noscript><iframe src='x'></iframe>after<br>break"));
    }

    @Test
    void decodesEntitiesAndNonBreakingSpaces() {
        assertEquals("5 € – “quoted” text", HtmlText.fragment("5&nbsp;&euro; &ndash; &#8220;quoted&#x201D; text"));
    }

    @Test
    void leavesPlainTextAsWritten() {
        assertEquals("a <b> & c\nnext", HtmlText.plain("  a  <b> & c \n\n\n next "));
    }
}

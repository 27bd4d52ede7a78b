def render_zpl(doc, *, dpi=203, darkness=None):
    raise NotImplementedError
